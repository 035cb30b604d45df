"""Atom feeds of any search: the page's records newest first, 50 of them, valid Atom, in Persian."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest
from django.http import QueryDict
from django.urls import reverse

from archive.models import Article, Official, Statement
from tests.conftest import make_article
from tests.test_search_parity import QUERIES, archive_of_45, page_ids  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def feed_of(client, url: str, query: str = ""):
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_ids(parsed) -> list[int]:
    return [int(re.search(r"/articles/(\d+)/", entry.link).group(1)) for entry in parsed.entries]


def statement_entry_ids(parsed) -> list[int]:
    return [int(re.search(r"#statement-(\d+)$", entry.link).group(1)) for entry in parsed.entries]


def newest(query: str) -> str:
    params = QueryDict(query, mutable=True)
    params["sort"] = "newest"
    return params.urlencode()


@pytest.fixture
def sixty_articles():
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    # Made in an order unlike their publication order, so a feed by id would show it.
    return [
        make_article(
            f"رزمایش {i}", f"متن رزمایش شماره {i}", published_at=start + dt.timedelta(days=(i * 37) % 60)
        )
        for i in range(60)
    ]


def test_the_article_feed_is_valid_atom_with_the_newest_50(client, sixty_articles):
    parsed = feed_of(client, reverse("archive:articles-feed"), "q=رزمایش")
    assert len(parsed.entries) == 50
    dates = [entry.published_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    expected = sorted(sixty_articles, key=lambda a: (a.published_at, a.pk), reverse=True)[:50]
    assert entry_ids(parsed) == [a.pk for a in expected]


def test_the_feed_is_in_persian_with_solar_hijri_dates(client, demo):
    parsed = feed_of(client, reverse("archive:articles-feed"), "q=شویگو")
    assert parsed.feed.language == "fa"
    assert "«شویگو»" in parsed.feed.title
    entry = parsed.entries[0]
    assert entry.title == demo.title
    assert "شهریور ۱۳۹۹" in entry.summary  # 2020-08-25, in Persian digits
    assert parsed.feed.links[0].href.endswith("/articles/?q=" + "%D8%B4%D9%88%DB%8C%DA%AF%D9%88")


@pytest.mark.parametrize("query", QUERIES)
def test_the_article_feed_holds_the_pages_newest_records(client, archive_of_45, query):  # noqa: F811
    parsed = feed_of(client, reverse("archive:articles-feed"), query)
    expected = page_ids(client, reverse("archive:article-list"), newest(query))[:50]
    assert entry_ids(parsed) == expected
    public = set(Article.objects.filter(is_public=True).values_list("pk", flat=True))
    assert set(entry_ids(parsed)) <= public


@pytest.mark.parametrize("query", ["", "q=متن", "source={source}", "official={official}", "q=-رزمایش"])
def test_the_statement_feed_holds_the_pages_newest_records(client, archive_of_45, query):  # noqa: F811
    query = query.format(**archive_of_45)
    parsed = feed_of(client, reverse("archive:statements-feed"), query)
    # The statement list has no sort: without a query it is newest first already.
    expected_query = query if not query.startswith("q=") else ""
    pages = page_ids(client, reverse("archive:statement-list"), expected_query)
    if query.startswith("q="):
        matching = set(page_ids(client, reverse("archive:statement-list"), query))
        pages = [pk for pk in pages if pk in matching]
    assert statement_entry_ids(parsed) == pages[:50]
    assert all(Statement.objects.get(pk=pk).article.is_public for pk in statement_entry_ids(parsed))


def test_a_withdrawn_article_leaves_the_feed(client, demo):
    url = reverse("archive:articles-feed")
    assert demo.pk in entry_ids(feed_of(client, url))
    demo.is_public = False
    demo.save()
    assert demo.pk not in entry_ids(feed_of(client, url))
    assert statement_entry_ids(feed_of(client, reverse("archive:statements-feed"))) == []


def test_the_statement_feed_names_the_speaker(client, demo):
    parsed = feed_of(client, reverse("archive:statements-feed"))
    speakers = set(Official.objects.filter(statements__article=demo).values_list("name", flat=True))
    assert parsed.entries
    assert all(entry.title.split(":")[0] in speakers for entry in parsed.entries)


@pytest.mark.parametrize(
    "query",
    [
        "date_from=۱۴۰۰/۱۳/۴۰",
        "source=abc",
        "official=99999999999999999999999",
        "q=" + "(" * 3000,
        "q=%00%ff",
        "sort=sideways&collapse=every",
        "page=-1",
        "q=" + "موشک " * 2000,
    ],
)
def test_bad_query_strings_give_a_feed_not_an_error(client, demo, query):
    feed_of(client, reverse("archive:articles-feed"), query)
    feed_of(client, reverse("archive:statements-feed"), query)


def test_the_feed_is_cached_under_the_change_log(client, demo, django_assert_max_num_queries):
    url = reverse("archive:articles-feed")
    first = client.get(url).content
    with django_assert_max_num_queries(3):  # the log's position, no search, no rows
        assert client.get(url + "?junk=1").content == first
    make_article("خبر تازه", "متن تازه", published_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert "خبر تازه" in client.get(url).content.decode()


@pytest.mark.parametrize("name", ["article-list", "statement-list"])
def test_the_list_pages_link_their_feed_and_alert(client, demo, name):
    response = client.get(reverse(f"archive:{name}") + "?q=شویگو&page=1")
    html = response.content.decode()
    feed = reverse("archive:articles-feed" if name == "article-list" else "archive:statements-feed")
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" [^>]*href="{feed}\?q=[^"&]+"', html
    )
    assert f'class="feed" href="{feed}?q=' in html
    assert 'class="alert" href="/alerts/new/' in html
    assert "page=1" not in re.search(r'<link rel="alternate"[^>]*>', html).group(0)
