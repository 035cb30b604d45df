"""The change log: every write that changes a search document or a public page appends a row."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection, transaction

from archive.models import (
    Article,
    Country,
    Event,
    Official,
    OfficialAlias,
    SearchChange,
    SearchIndexState,
    Source,
    Statement,
)
from archive.search import changelog
from tests.conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent


def logged_since(start: int) -> list[tuple[str, int]]:
    return [(kind, pk) for _seq, kind, pk in changelog.changes_after(start)]


@pytest.fixture
def article() -> Article:
    return make_article("رزمایش دریایی", "نیروی دریایی رزمایش بزرگی برگزار کرد.")


@pytest.fixture
def official() -> Official:
    return Official.objects.create(name="ذاکر حسن‌اف")


def test_it_logs_an_article_saved_through_the_orm():
    start = changelog.position()
    article = make_article("عنوان تازه", "متن تازه")
    assert logged_since(start) == [("article", article.pk)]
    assert changelog.position() > start


def test_it_logs_a_queryset_update_and_raw_sql(article):
    start = changelog.position()
    Article.objects.filter(pk=article.pk).update(is_public=False)
    assert logged_since(start) == [("article", article.pk)]
    start = changelog.position()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET is_public = %s WHERE id = %s", [True, article.pk])
    assert logged_since(start) == [("article", article.pk)]


def test_it_logs_an_update_of_a_column_in_no_document(article):
    # Pages are cached under the log's position, and show more than a search
    # document holds: the original link, the language, the review status.
    start = changelog.position()
    Article.objects.filter(pk=article.pk).update(review_status="in_review")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_article SET url = %s WHERE id = %s", ["https://example.org/a", article.pk]
        )
    assert logged_since(start) == [("article", article.pk)] * 2


def test_sources_their_aliases_countries_and_events_countries_are_logged(article):
    from archive.models import SourceAlias

    start = changelog.position()
    source = Source.objects.create(name="ایسنا")
    alias = SourceAlias.objects.create(source=source, name="خبرگزاری دانشجویان")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_source SET name = %s WHERE id = %s", ["ایسنا (تهران)", source.pk])
    alias.delete()
    assert logged_since(start) == [("source", source.pk)] * 4
    start = changelog.position()
    Country.objects.update_or_create(code="AZ", defaults={"name": "آذربایجان"})
    Country.objects.filter(code="AZ").update(name="جمهوری آذربایجان")
    assert logged_since(start) == [("country", 0)] * 2
    event = Event.objects.create(title="دیدار", kind="meeting", start="2021-01-01")
    start = changelog.position()
    event.countries.add("AZ")
    assert logged_since(start) == [("event", event.pk)]


def test_it_logs_a_delete(article):
    pk = article.pk
    start = changelog.position()
    article.delete()
    assert ("article", pk) in logged_since(start)


def test_it_logs_many_to_many_adds_removes_and_cited_sources(article):
    iran = Country.objects.get_or_create(code="IR", defaults={"name": "ایران"})[0]
    source = Source.objects.create(name="خبرگزاری تسنیم")
    start = changelog.position()
    article.countries.add(iran)  # SQLite: INSERT OR IGNORE, which Django's write hooks never saw
    article.countries.add(iran)  # a second add inserts nothing and logs nothing
    article.via.add(source, through_defaults={"position": 0})
    article.countries.remove(iran)
    assert logged_since(start) == [("article", article.pk)] * 3


def test_a_statement_logs_itself_and_its_article(article, official):
    start = changelog.position()
    body = article.body
    begin = body.index("رزمایش")
    statement = Statement.objects.create(
        article=article, official=official, text="رزمایش", start=begin, end=begin + len("رزمایش")
    )
    assert set(logged_since(start)) == {("statement", statement.pk), ("article", article.pk)}


def test_events_and_their_links_are_logged(article, official):
    start = changelog.position()
    event = Event.objects.create(title="رزمایش مشترک", kind="exercise", start="2020-08-01")
    event.articles.add(article)
    event.officials.add(official)
    Event.objects.filter(pk=event.pk).update(kind="meeting")
    Event.objects.filter(pk=event.pk).update(title="رزمایش مشترک دریایی")  # in no document, on its page
    assert logged_since(start) == [
        ("event", event.pk),
        ("article", article.pk),
        ("event", event.pk),
        ("event", event.pk),
        ("event", event.pk),
    ]


def test_an_official_and_their_aliases_are_logged(official):
    start = changelog.position()
    OfficialAlias.objects.create(official=official, name="حسن اف")
    Official.objects.filter(pk=official.pk).update(latin_name="Zakir Hasanov")  # not indexed
    assert ("official", official.pk) in logged_since(start)
    assert logged_since(start).count(("official", official.pk)) >= 1


def test_a_rolled_back_write_leaves_no_row():
    start = changelog.position()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article("عنوانی که نمی‌ماند", "متنی که نمی‌ماند")
        assert len(logged_since(start)) == 1  # visible inside its own transaction
        raise RuntimeError("roll back")
    assert logged_since(start) == []


def test_a_write_by_psql_or_sqlite3_outside_django_is_logged(article, tmp_path):
    # A real second process with its own connection, as an operator's shell would be.
    start = changelog.position()
    sql = f"UPDATE archive_article SET is_public = FALSE WHERE id = {article.pk}"
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        host, port = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)
        command = ["psql", "-h", host, "-p", port, "-U", db["USER"], "-d", db["NAME"], "-c", sql]
        subprocess.run(command, check=True, timeout=60, capture_output=True)
        assert logged_since(start) == [("article", article.pk)]
    else:
        # The test database lives in this process's memory: use a migrated file and Python's
        # own sqlite3 module, which knows nothing of Django.
        path = tmp_path / "archive.sqlite3"
        env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}"}
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        script = textwrap.dedent(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO archive_article (title, body, language, review_status, is_public,"
                       " fingerprint,"
                       " title_key, body_key, key_version, created_at, updated_at, version)"
                       " VALUES ('t', 'b', 'fa', 'new', 1, 'f', 't', 'b', 1, '2020-01-01', '2020-01-01', 1)")
            db.execute("UPDATE archive_article SET is_public = 0")
            db.commit()
            print(db.execute("SELECT kind, object_id FROM archive_searchchange ORDER BY seq").fetchall())
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", script, str(path)], check=True, capture_output=True, text=True
        )
        assert out.stdout.strip() == "[('article', 1), ('article', 1)]"


def test_prune_keeps_what_an_index_still_needs_and_the_last_row(article):
    for flag in (False, True, False):
        Article.objects.filter(pk=article.pk).update(is_public=flag)
    last = changelog.position()
    SearchIndexState.objects.create(name="host-a/articles", position=last - 1)
    SearchIndexState.objects.create(name="host-b/articles", position=last - 2)
    changelog.prune()
    remaining = list(SearchChange.objects.values_list("seq", flat=True))
    assert min(remaining) == last - 1 and max(remaining) == last
    changelog.report_applied("host-b/articles", last)
    changelog.report_applied("host-a/articles", last)
    changelog.prune()
    assert list(SearchChange.objects.values_list("seq", flat=True)) == [last]
    assert changelog.position() == last
