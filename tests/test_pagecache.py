"""The public pages' cache: pages are kept until the archive changes, however it changes."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import pagecache
from archive.models import Article, Source
from archive.pagecache import keys, pages, replicas
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def titles(response) -> str:
    return response.content.decode()


@pytest.fixture
def listed(db):
    source = Source.objects.create(name="خبرگزاری نمونه")
    article = make_article("رزمایش دریایی در خلیج فارس", "متن رزمایش دریایی", source=source)
    return article


def test_a_page_is_served_from_the_cache_the_second_time(client, listed, django_assert_num_queries):
    url = reverse("archive:article-list") + "?q=رزمایش"
    first = client.get(url)
    assert first.status_code == 200 and "رزمایش دریایی" in titles(first)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Security headers are the middleware's, on every response, cached or not.
    assert "Content-Security-Policy" in second


def test_each_query_string_is_its_own_page(client, listed):
    make_article("نشست خبری وزیر", "متن نشست", source=listed.source)
    one = client.get(reverse("archive:article-list") + "?q=رزمایش")
    two = client.get(reverse("archive:article-list") + "?q=نشست")
    assert "نشست خبری وزیر" not in titles(one)
    assert "نشست خبری وزیر" in titles(two)


def test_an_edit_through_the_orm_shows_at_once(client, listed):
    url = reverse("archive:article-detail", args=[listed.pk])
    assert "رزمایش دریایی" in titles(client.get(url))
    listed.title = "رزمایش هوایی در شمال"
    listed.save()
    assert "رزمایش هوایی در شمال" in titles(client.get(url))


def test_bulk_writes_and_updates_show_at_once(client, listed):
    url = reverse("archive:article-list")
    before = titles(client.get(url))
    assert "پهپاد تازه" not in before
    Article.objects.bulk_create(
        [Article(title="پهپاد تازه رونمایی شد", body="متن پهپاد", source=listed.source, is_public=True)]
    )
    assert "پهپاد تازه رونمایی شد" in titles(client.get(url))
    Article.objects.filter(pk=listed.pk).update(is_public=False)
    assert "رزمایش دریایی" not in titles(client.get(url))


def test_raw_sql_through_django_shows_at_once(client, listed):
    url = reverse("archive:article-detail", args=[listed.pk])
    assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "archive_article" SET is_public = %s WHERE id = %s', [False, listed.pk])
    assert client.get(url).status_code == 404


def test_only_complete_public_pages_are_kept(client, listed, django_assert_max_num_queries):
    missing = reverse("archive:article-detail", args=[listed.pk + 1000])
    assert client.get(missing).status_code == 404
    # A 404 is not kept: asking again runs the query again.
    with django_assert_max_num_queries(20) as queries:
        assert client.get(missing).status_code == 404
    assert len(queries) > 0


def test_an_editor_never_gets_a_kept_page(staff_client, listed):
    url = reverse("archive:article-list")
    Client().get(url)  # computed and kept for readers
    # An editor's request carries a session: the page is computed for them.
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(url).status_code == 200
    assert len(queries) > 0


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_small_export_is_kept_once_sent_and_follows_edits(client, listed, django_assert_num_queries):
    url = reverse("archive:articles-export") + "?q=رزمایش"
    first = client.get(url)
    assert first.streaming
    sent = body(first)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert body(again) == sent
    assert again["Content-Disposition"] == first["Content-Disposition"]
    listed.title = "رزمایش زمینی"
    listed.save()
    assert "رزمایش زمینی".encode() in body(client.get(url))


def test_a_large_export_streams_afresh_each_time(client, listed, monkeypatch):
    monkeypatch.setattr(pages, "STREAM_KEEP_BYTES", 10)
    url = reverse("archive:articles-export") + "?q=رزمایش"
    assert "رزمایش دریایی".encode() in body(client.get(url))
    second = client.get(url)
    assert second.streaming
    assert "رزمایش دریایی".encode() in body(second)


def test_facet_counts_follow_edits(client, listed):
    url = reverse("archive:article-list") + "?q=رزمایش"
    client.get(url)
    make_article("رزمایش دوم", "رزمایش دیگری", source=listed.source)
    # The source facet now counts two articles of that source.
    page = titles(client.get(url))
    assert "رزمایش دوم" in page
    from archive.facets import facets_and_count
    from archive.search import search_articles

    facets, count = facets_and_count(search_articles(Article.objects.public(), "رزمایش"))
    assert count == 2
    assert facets["source"][0]["count"] == 2


def test_writes_are_recognised_by_their_table():
    assert pagecache.writes_archive('INSERT INTO "archive_article" ("title") VALUES (%s)')
    assert pagecache.writes_archive('  update "archive_statement" SET "text" = %s')
    assert pagecache.writes_archive('DELETE FROM "archive_article_countries" WHERE id = 1')
    assert not pagecache.writes_archive('SELECT * FROM "archive_article"')
    assert not pagecache.writes_archive('INSERT INTO "django_session" ("session_key") VALUES (%s)')
    assert not pagecache.writes_archive('UPDATE "axes_accessattempt" SET "failures_since_start" = 1')
    assert not pagecache.writes_archive(None)


def test_a_lost_generation_never_comes_back_as_an_old_one():
    first = pagecache.generation()
    pagecache.bump()
    second = pagecache.generation()
    assert second > first
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.generation() > second


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_the_generation_when_it_writes_and_when_it_commits():
    source = Source.objects.create(name="منبع")
    before = pagecache.generation()
    with transaction.atomic():
        make_article("عنوان", "متن", source=source)
        during = pagecache.generation()
        assert during != before
    assert pagecache.generation() != during


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_later_writes_watched():
    source = Source.objects.create(name="منبع")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article("عنوان یک", "متن یک", source=source)
        raise RuntimeError
    before = pagecache.generation()
    with transaction.atomic():
        make_article("عنوان دو", "متن دو", source=source)
    assert pagecache.generation() != before


def test_a_page_read_from_a_replica_just_after_a_change_is_kept_briefly(monkeypatch):
    stored = {}
    monkeypatch.setattr(keys.cache, "set", lambda key, value, seconds: stored.update({key: seconds}))
    monkeypatch.setattr(replicas, "reads_from_replica", lambda: True)
    monkeypatch.setattr(keys, "generation", lambda: time.time_ns())
    pagecache.remember("just-changed", "page")
    monkeypatch.setattr(keys, "generation", lambda: time.time_ns() - 60 * 1_000_000_000)
    pagecache.remember("a-minute-later", "page")
    monkeypatch.setattr(replicas, "reads_from_replica", lambda: False)
    monkeypatch.setattr(keys, "generation", lambda: time.time_ns())
    pagecache.remember("from-the-primary", "page")
    assert stored == {
        "just-changed": pagecache.REPLICA_LAG_SECONDS,
        "a-minute-later": pagecache.PAGE_CACHE_SECONDS,
        "from-the-primary": pagecache.PAGE_CACHE_SECONDS,
    }


def menu_queries(client, url: str, query: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        body(client.get(url, {"q": query}))
    # The source and official menus rank by counts over the whole archive.
    return [q["sql"] for q in queries if 'AS "n"' in q["sql"]]


def test_the_filter_menus_are_kept_and_follow_edits(client, listed):
    url = reverse("archive:article-list")
    assert len(menu_queries(client, url, "نخست")) == 2
    assert menu_queries(client, url, "دوم") == []  # another search: the menus come from the cache
    newcomer = Source.objects.create(name="خبرگزاری تازه‌وارد")
    make_article("خبر تازه", "متن تازه", source=newcomer)
    assert len(menu_queries(client, url, "سوم")) == 2
    assert "خبرگزاری تازه‌وارد" in titles(client.get(url))


def test_exports_never_build_the_menus(client, listed):
    for name in ("articles-export", "articles-export-manifest", "statements-export"):
        assert menu_queries(client, reverse(f"archive:{name}"), "رزمایش") == []


@pytest.mark.parametrize("workers", [0, 2], ids=["in process", "two workers"])
def test_an_import_shows_at_once(client, listed, tmp_path, workers):
    from tests.ingest_helpers import run_import, write_jsonl

    url = reverse("archive:article-list") + "?q=ناوشکن"
    assert "ناوشکن تازه به آب انداخته شد" not in titles(client.get(url))
    feed = write_jsonl(
        tmp_path / "new.jsonl",
        {
            "title": "ناوشکن تازه به آب انداخته شد",
            "body": "ناوشکن تازه نیروی دریایی امروز به آب انداخته شد.",
            "source": "خبرگزاری نمونه",
            "published_at": "2024-05-01T10:00:00+03:30",
        },
    )
    report = run_import(feed, workers=workers)
    assert report.imported == 1
    assert "ناوشکن تازه به آب انداخته شد" in titles(client.get(url))
