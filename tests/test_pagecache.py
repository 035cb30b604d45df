"""The public pages' cache: pages are kept until the archive changes, however it changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import menus, pagecache
from archive.models import Article, Source
from archive.pagecache import pages
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
    with django_assert_num_queries(1):  # the change log's position
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
    with django_assert_num_queries(1):
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
    from archive.search import search_articles

    hits = search_articles("رزمایش", facets=True)
    assert hits.count == 2
    assert hits.facets["source"][0] == (listed.source.pk, 2)


def test_a_write_by_raw_sql_shows_at_once_on_the_page_its_facets_and_its_csv(client, listed):
    url = reverse("archive:article-list") + "?q=رزمایش"
    export = reverse("archive:articles-export") + "?q=رزمایش"
    facet_link = f"source={listed.source.pk}"
    assert "رزمایش دریایی" in titles(client.get(url))
    assert facet_link in titles(client.get(url))
    assert "رزمایش دریایی".encode() in body(client.get(export))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET is_public = %s WHERE id = %s", [False, listed.pk])
    page = titles(client.get(url))
    assert "رزمایش دریایی" not in page
    assert facet_link not in page  # the source facet counted it
    assert "رزمایش دریایی".encode() not in body(client.get(export))


def test_a_source_renamed_by_raw_sql_shows_at_once_in_the_facets_and_the_menu(client, listed):
    url = reverse("archive:article-list") + "?q=رزمایش"
    assert client.get(url).content.decode().count("خبرگزاری نمونه") >= 2  # its facet and its menu entry
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_source SET name = %s WHERE id = %s", ["خبرگزاری دیگر", listed.source.pk]
        )
    page = titles(client.get(url))
    assert "خبرگزاری نمونه" not in page and page.count("خبرگزاری دیگر") >= 2


def test_a_many_to_many_add_shows_at_once(client, listed):
    from archive.models import Country

    iran = Country.objects.get_or_create(code="IR", defaults={"name": "ایران"})[0]
    url = reverse("archive:article-list") + f"?country={iran.pk}"
    assert "رزمایش دریایی" not in titles(client.get(url))
    listed.countries.add(iran)  # on SQLite an INSERT OR IGNORE that no Django hook reports
    assert "رزمایش دریایی" in titles(client.get(url))


def test_keys_follow_the_change_log(listed):
    before = pagecache.cache_key("page", "/articles/")
    assert pagecache.cache_key("page", "/articles/") == before
    Article.objects.filter(pk=listed.pk).update(is_public=False)
    assert pagecache.cache_key("page", "/articles/") != before


def test_a_request_reads_the_log_position_once(client, listed, django_assert_num_queries):
    url = reverse("archive:article-list") + "?q=رزمایش"
    client.get(url)
    with django_assert_num_queries(1):  # the position; the page, its facets and menus from the cache
        client.get(url)


def test_a_computed_page_reads_the_log_position_once(client, listed):
    # The page's cache key and the search index's check that it is current share one read.
    url = reverse("archive:article-list") + "?q=رزمایش"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + "&sort=newest")
    assert response.status_code == 200 and "رزمایش دریایی" in titles(response)
    reads = [q["sql"] for q in queries.captured_queries if "MAX(seq)" in q["sql"].replace('"', "")]
    assert len(reads) == 1, reads


def test_a_write_between_two_pages_is_shown_by_the_next(client, listed):
    # Held for one page only: the next reads the log anew and its index catches up.
    url = reverse("archive:article-list") + "?q=رزمایش"
    assert "رزمایش کوهستانی" not in titles(client.get(url))
    make_article("رزمایش کوهستانی", "متن رزمایش کوهستانی", source=listed.source)
    assert "رزمایش کوهستانی" in titles(client.get(url))


@pytest.fixture
def menus_built(monkeypatch) -> list[str]:
    """The names of the menus built (not taken from the cache), in order."""
    built: list[str] = []
    for name, build in list(menus.MENU_BUILDERS.items()):

        def counted(name=name, build=build):
            built.append(name)
            return build()

        monkeypatch.setitem(menus.MENU_BUILDERS, name, counted)
    return built


def test_the_filter_menus_are_kept_and_follow_edits(client, listed, menus_built):
    url = reverse("archive:article-list")
    body(client.get(url, {"q": "نخست"}))
    assert sorted(menus_built) == ["event", "official", "source"]
    menus_built.clear()
    body(client.get(url, {"q": "دوم"}))
    assert menus_built == []  # another search: the menus come from the cache
    newcomer = Source.objects.create(name="خبرگزاری تازه‌وارد")
    make_article("خبر تازه", "متن تازه", source=newcomer)
    page = body(client.get(url, {"q": "سوم"})).decode()
    assert sorted(menus_built) == ["event", "official", "source"]
    menu = page.split('name="source"')[1].split("</select>")[0]
    assert "خبرگزاری تازه‌وارد" in menu


def test_the_country_menu_is_kept_and_follows_a_rename_in_raw_sql(client, listed):
    from archive.models import Country

    Country.objects.get_or_create(code="AZ", defaults={"name": "جمهوری آذربایجان"})
    url = reverse("archive:article-list")

    def country_menu(q: str) -> str:
        return body(client.get(url, {"q": q})).decode().split('name="country"')[1].split("</select>")[0]

    assert "جمهوری آذربایجان" in country_menu("نخست")
    with CaptureQueriesContext(connection) as read:
        country_menu("دوم")  # another search: the menu from the cache, the countries table unread
    assert not [q for q in read.captured_queries if "archive_country" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_country SET name = %s WHERE code = %s", ["آذربایجان", "AZ"])
    menu = country_menu("سوم")
    assert "آذربایجان" in menu and "جمهوری آذربایجان" not in menu


def test_exports_never_build_the_menus(client, listed, menus_built):
    for name in ("articles-export", "articles-export-manifest", "statements-export"):
        body(client.get(reverse(f"archive:{name}"), {"q": "رزمایش"}))
    assert menus_built == []


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


# -- the key: the parameters a page reads, nothing else --------------------------


def computed(client, url: str, **extra) -> bool:
    """Whether the page was computed (and filed) rather than served from the cache or passed by it."""
    from unittest import mock

    with (
        mock.patch.object(pages, "remember", wraps=pages.remember) as filed,
        mock.patch.object(pages, "_cached", wraps=pages._cached) as looked_up,
    ):
        assert client.get(url, **extra).status_code == 200
    # Passed by the cache (an editor): computed without a lookup. Looked up: computed if filed.
    return filed.called or not looked_up.called


def test_junk_parameters_neither_skip_nor_fill_the_cache(client, listed):
    url = reverse("archive:article-list") + "?q=رزمایش"
    assert computed(client, url)
    for n in range(3):
        assert not computed(client, f"{url}&_={n}")
        assert not computed(client, f"{url}&utm_source=x{n}&format=json")


def test_the_same_parameters_in_another_order_are_the_same_page(client, listed):
    base = reverse("archive:article-list")
    assert computed(client, f"{base}?q=رزمایش&sort=newest&page=1")
    assert not computed(client, f"{base}?page=1&sort=newest&q=رزمایش")


def test_an_export_and_its_manifest_ignore_junk_and_page(client, listed):
    export = reverse("archive:articles-export")
    first = body(client.get(f"{export}?q=رزمایش"))
    with CaptureQueriesContext(connection) as queries:
        again = body(client.get(f"{export}?_=7&page=3&q=رزمایش"))
    assert again == first and len(queries) == 1
    manifest = client.get(reverse("archive:articles-export-manifest") + "?q=رزمایش&_=9").json()
    assert manifest["query_string"] == "q=%D8%B1%D8%B2%D9%85%D8%A7%DB%8C%D8%B4"


def test_a_page_does_not_echo_parameters_it_does_not_read(client, listed):
    html = client.get(reverse("archive:article-list") + "?q=رزمایش&tracking=abc123").content.decode()
    assert "abc123" not in html


def test_the_parameters_a_list_reads_still_make_their_own_pages(client, listed):
    base = reverse("archive:article-list")
    for query in ["q=رزمایش", "q=نشست", "q=رزمایش&sort=oldest", "q=رزمایش&page=2", "date_from=1399"]:
        assert computed(client, f"{base}?{query}"), query


def test_a_made_up_session_cookie_does_not_skip_the_cache(client, listed):
    url = reverse("archive:article-list")
    assert computed(client, url)
    client.cookies["sessionid"] = "made-up-session-key"
    assert not computed(client, url)


def test_a_logged_in_visitor_who_is_not_staff_gets_the_kept_page(client, listed, django_user_model):
    url = reverse("archive:article-list")
    assert computed(client, url)
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-password-1"))
    assert not computed(client, url)


def test_a_staff_session_still_gets_the_page_computed(staff_client, listed):
    url = reverse("archive:article-list")
    assert computed(Client(), url)
    assert computed(staff_client, url)
