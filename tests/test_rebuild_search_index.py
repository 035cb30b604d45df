"""`manage.py rebuild_search_index`: outdated keys rewritten, index in step, on either database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive import text
from archive.models import Article, Event, Official, OfficialAlias, Source, SourceAlias, Statement

pytestmark = pytest.mark.django_db


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_search_index", *args, verbosity=0, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def article() -> Article:
    return Article.objects.create(title="رزمایش مشترک", body="نیروهای روسیه و ایران در رزمایش شرکت کردند.")


def age(article: Article, title_key: str = "کلید کهنه", version: int = 0) -> None:
    """Make the article look keyed by older rules, as an upgrade leaves it."""
    Article.objects.filter(pk=article.pk).update(title_key=title_key, body_key="کهنه", key_version=version)


def test_it_rewrites_outdated_keys(article):
    age(article)
    assert Article.objects.search("رزمایش").count() == 0
    rebuild()
    article.refresh_from_db()
    assert article.key_version == text.KEY_VERSION
    assert article.title_key == text.search_key(article.title)
    assert Article.objects.search("رزمایش").get() == article
    assert Article.objects.search("کهنه").count() == 0


def test_it_leaves_current_keys_alone_unless_told(article):
    age(article, version=text.KEY_VERSION)
    rebuild()
    article.refresh_from_db()
    assert article.title_key == "کلید کهنه"
    rebuild("--all")
    article.refresh_from_db()
    assert article.title_key == text.search_key(article.title)


def test_it_rekeys_every_row_of_the_previous_key_version():
    # What version 1 made of «زنان … کرده‌اند»: no «ان» plural, the ending kept.
    article = Article.objects.create(title="زنان و کودکان", body="آنها اعلام کرده‌اند که بزرگترین رزمایش است.")
    Article.objects.filter(pk=article.pk).update(
        title_key="زنان و کودکان",
        body_key="انها اعلام کردهاند که بزرگترین رزمایش است",
        key_version=text.KEY_VERSION - 1,
    )
    assert Article.objects.search("زن").count() == 0
    rebuild()
    article.refresh_from_db()
    assert article.key_version == text.KEY_VERSION
    assert (article.title_key, article.body_key) == (
        text.search_key(article.title),
        text.search_key(article.body),
    )
    for query in ("زن", "کودک", "کرده", "اعلام کرده", "بزرگ"):
        assert Article.objects.search(query).get() == article, query


def test_it_rewrites_alias_source_and_event_keys():
    official = Official.objects.create(name="سرگئی شویگو")
    alias = OfficialAlias.objects.create(official=official, name="شویگوی وزیر")
    source = Source.objects.create(name="خبرگزاری‌ها")
    source_alias = SourceAlias.objects.create(source=source, name="تسنیم‌ها")
    event = Event.objects.create(title="رزمایش بزرگترین ناوها", place="خلیج", start="2020-08-01")
    for model, field, obj in (
        (OfficialAlias, "key", alias),
        (Source, "name_key", source),
        (SourceAlias, "key", source_alias),
        (Event, "title_key", event),
    ):
        model.objects.filter(pk=obj.pk).update(**{field: "کهنه"})
    rebuild()
    assert OfficialAlias.objects.get(pk=alias.pk).key == text.search_key(alias.name)
    assert Source.objects.get(pk=source.pk).name_key == text.search_key(source.name)
    assert SourceAlias.objects.get(pk=source_alias.pk).key == text.search_key(source_alias.name)
    assert Event.objects.get(pk=event.pk).title_key == text.search_key("رزمایش بزرگترین ناوها خلیج")


def test_two_aliases_the_new_rules_cannot_tell_apart_do_not_stop_it():
    source = Source.objects.create(name="منبع")
    SourceAlias.objects.create(source=source, name="شاهد")
    plural = SourceAlias.objects.create(source=source, name="گواه")
    # Version 1 keyed «شاهدان» as itself; version 2 keys it «شاهد», which is taken.
    SourceAlias.objects.filter(pk=plural.pk).update(name="شاهدان", key="شاهدان")
    err = StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=StringIO(), stderr=err)
    assert str(plural.pk) in err.getvalue()
    assert SourceAlias.objects.get(pk=plural.pk).key == "شاهدان"


def test_it_works_in_small_batches(article):
    others = [Article.objects.create(title=f"خبر {i}", body=f"متن شماره {i} درباره رزمایش") for i in range(7)]
    for a in [article, *others]:
        age(a)
    rebuild("--batch-size", "3")
    assert Article.objects.exclude(key_version=text.KEY_VERSION).count() == 0
    assert Article.objects.search("رزمایش").count() == 8


def test_it_rewrites_statement_and_official_keys(article):
    official = Official.objects.create(name="سرگئی شویگو")
    OfficialAlias(official=official, name="Shoigu").save()
    statement = Statement.objects.create(
        article=article, official=official, text=article.body[:15], start=0, end=15
    )
    Statement.objects.filter(pk=statement.pk).update(text_key="کهنه")
    Official.objects.filter(pk=official.pk).update(names_key="کهنه")
    rebuild()
    statement.refresh_from_db()
    official.refresh_from_db()
    assert statement.text_key == text.search_key(statement.text)
    assert "shoigu" in official.names_key
    assert Official.objects.search("Shoigu").get() == official
    assert Statement.objects.search("نیروهای").get() == statement


def test_it_reports_what_it_did(article):
    age(article)
    assert "1 articles" in rebuild()


def test_two_articles_the_new_rules_cannot_tell_apart_do_not_stop_it(article):
    twin = Article.objects.create(title="رزمايش مشترك", body="متن دیگر")
    # The twin's text now keys like the article's; an upgrade would find them equal.
    Article.objects.filter(pk=twin.pk).update(title=article.title, body=article.body, key_version=0)
    age(article)
    err = StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=StringIO(), stderr=err)
    assert str(twin.pk) in err.getvalue() or str(article.pk) in err.getvalue()
    assert Article.objects.exclude(key_version=text.KEY_VERSION).count() == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's index")
def test_it_rebuilds_an_fts_index_that_fell_behind(article):
    with connection.cursor() as cursor:
        # What a table rebuilt without its triggers would leave: rows the index never saw.
        cursor.execute("DROP TRIGGER archive_article_fts_insert")
    Article.objects.create(title="پهپاد", body="پهپاد تازه")
    assert Article.objects.search("پهپاد").count() == 0
    with pytest.raises(Exception, match="archive_article_fts_insert"):
        rebuild()
    from importlib import import_module

    migration = import_module("archive.migrations.0003_search_index")
    with connection.cursor() as cursor:
        cursor.execute(migration.sqlite_create(*migration.INDEXES[0])[1])
    rebuild()
    assert Article.objects.search("پهپاد").count() == 1
