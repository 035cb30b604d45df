"""The API lists: the page's records in its order, every page by cursor, and cursors that hold."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.api import cursors
from archive.models import Article, Event, Official, Statement
from tests.conftest import make_article
from tests.test_search_parity import QUERIES, archive_of_45, csv_ids, manifest_count, page_ids

pytestmark = pytest.mark.django_db

__all__ = ["archive_of_45"]  # the fixture, shared with the pages' own parity test


def api_ids(client, url: str, query: str, page_size: int = 7) -> list[int]:
    """Every id of an API list, following `next` from the first page to the last."""
    ids: list[int] = []
    next_url = f"{url}?{query}&page_size={page_size}"
    pages = 0
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert len(body["results"]) <= page_size
        ids += [record["id"] for record in body["results"]]
        next_url = body["next"]
        pages += 1
        assert pages < 100
    return ids


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_the_articles_of_the_page_and_the_csv(client, archive_of_45, query):
    api = api_ids(client, reverse("api:article-list"), query)
    assert api == page_ids(client, reverse("archive:article-list"), query)
    assert api == csv_ids(client, reverse("archive:articles-export"), query)
    assert len(set(api)) == len(api)


@pytest.mark.parametrize(
    "query", ["", "q=متن", "source={source}", "official={official}", "event={event}", "q=-رزمایش"]
)
def test_the_api_lists_the_statements_of_the_page_and_the_csv(client, archive_of_45, query):
    query = query.format(**archive_of_45)
    api = api_ids(client, reverse("api:statement-list"), query, page_size=2)
    if not query:
        assert len(api) > 2  # several pages
    assert api == page_ids(client, reverse("archive:statement-list"), query)
    assert api == csv_ids(client, reverse("archive:statements-export"), query)


@pytest.fixture
def officials_and_events(db):
    officials = [Official.objects.create(name=f"مقام {i:02d}", latin_name=f"Official {i}") for i in range(12)]
    for i in range(25):
        # Several events share a start day: the order still has to be total.
        event = Event.objects.create(
            kind="exercise" if i % 3 else "meeting",
            title=f"رزمایش {i}",
            start=dt.date(2020, 1, 1) + dt.timedelta(days=i // 4),
        )
        event.officials.add(officials[i % 12])
    return officials


@pytest.mark.parametrize("query", ["", "q=مقام", "q=Official"])
def test_the_api_lists_the_officials_of_the_page_and_the_csv(client, officials_and_events, query):
    api = api_ids(client, reverse("api:official-list"), query, page_size=5)
    assert len(api) == 12
    assert api == page_ids(client, reverse("archive:official-list"), query)
    assert api == csv_ids(client, reverse("archive:officials-export"), query)


@pytest.mark.parametrize(
    "query", ["", "sort=oldest", "kind=exercise", "q=رزمایش&sort=newest", "date_from=2020-01-03"]
)
def test_the_api_lists_the_events_of_the_page_and_the_csv(client, officials_and_events, query):
    api = api_ids(client, reverse("api:event-list"), query, page_size=3)
    assert api
    assert api == page_ids(client, reverse("archive:event-list"), query)
    assert api == csv_ids(client, reverse("archive:events-export"), query)


def test_the_count_is_given_only_when_asked_for(client, archive_of_45):
    url = reverse("api:article-list")
    assert "count" not in client.get(f"{url}?q=رزمایش").json()
    counted = client.get(f"{url}?q=رزمایش&count=true&page_size=3").json()
    assert counted["count"] == manifest_count(client, reverse("archive:articles-export-manifest"), "q=رزمایش")
    assert counted["count"] > 3
    events = client.get(f"{reverse('api:event-list')}?count=1").json()
    assert events["count"] == Event.objects.count()


def newest_articles(n: int, start: dt.datetime) -> list[Article]:
    return [
        make_article(f"خبر {i}", f"متن {i}", published_at=start - dt.timedelta(hours=i)) for i in range(n)
    ]


def test_articles_added_between_two_pages_neither_repeat_nor_push_rows_out(client, db):
    start = dt.datetime(2021, 5, 1, 12, tzinfo=dt.UTC)
    before = [a.pk for a in newest_articles(30, start)]
    url = reverse("api:article-list")
    first = client.get(f"{url}?sort=newest&page_size=10").json()
    assert [r["id"] for r in first["results"]] == before[:10]
    # Five newer than every listed one (an offset would show five rows of page one again), one older.
    for i in range(5):
        make_article(f"تازه {i}", "متن تازه", published_at=start + dt.timedelta(hours=i + 1))
    older = make_article("کهنه", "متن کهنه", published_at=start - dt.timedelta(days=30)).pk
    rest = []
    next_url = first["next"]
    while next_url:
        body = client.get(next_url).json()
        rest += [r["id"] for r in body["results"]]
        next_url = body["next"]
    assert rest == [*before[10:], older]


def test_statements_added_between_two_pages_neither_repeat_nor_push_rows_out(client, db):
    official = Official.objects.create(name="ذاکر حسن‌اف")
    start = dt.datetime(2021, 5, 1, 12, tzinfo=dt.UTC)

    def said(article: Article) -> int:
        return Statement.objects.create(
            article=article, official=official, text=article.body[:3], start=0, end=3
        ).pk

    before = [said(a) for a in newest_articles(12, start)]
    url = reverse("api:statement-list")
    first = client.get(f"{url}?page_size=5").json()
    assert [r["id"] for r in first["results"]] == before[:5]
    said(make_article("تازه", "متن تازه", published_at=start + dt.timedelta(hours=1)))
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == before[5:10]


def test_newest_and_oldest_cursors_are_keysets_and_relevance_ones_offsets(client, archive_of_45):
    url = reverse("api:article-list")

    def position(query: str) -> cursors.Position:
        next_url = client.get(f"{url}?{query}&page_size=3").json()["next"]
        params = parse_qs(urlsplit(next_url).query)
        filters = {k: v for k, v in params.items() if k not in ("cursor", "page_size")}
        salt = cursors.scope("articles", [(k, v) for k, v in filters.items()])
        return cursors.decode(salt, params["cursor"][0])

    assert position("sort=newest").after is not None
    assert position("q=-پهپاد").after is not None  # exclusions only: ordered by date
    relevance = position("q=رزمایش")
    assert relevance.after is None and relevance.offset == 3


def test_a_cursor_is_tied_to_its_query(client, archive_of_45):
    url = reverse("api:article-list")
    next_url = client.get(f"{url}?q=رزمایش&page_size=3").json()["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    response = client.get(url, {"q": "موشک", "cursor": cursor, "page_size": 3})
    assert response.status_code == 400
    assert "نشانگر صفحه" in response.json()["cursor"][0]
    assert client.get(url, {"q": "رزمایش", "cursor": cursor, "page_size": 3}).status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "",
        "x" * 5000,
        signing.dumps([10, None], salt="another salt"),
        # Signed as ours would be, but not a position we make: still refused, never a 500.
        signing.dumps([-1, None], salt=cursors.scope("articles", [])),
        signing.dumps([0, [1, 2, 3]], salt=cursors.scope("articles", [])),
        signing.dumps([0, ["2020-01-01", 5]], salt=cursors.scope("articles", [])),
        signing.dumps([0, [2**70, 5]], salt=cursors.scope("articles", [])),
        signing.dumps("text", salt=cursors.scope("articles", [])),
    ],
)
def test_a_garbled_or_forged_cursor_is_a_persian_400(client, archive_of_45, cursor):
    response = client.get(reverse("api:article-list"), {"cursor": cursor})
    if cursor == "":
        assert response.status_code == 200  # no cursor: the first page
        return
    assert response.status_code == 400
    assert "نامعتبر" in response.json()["cursor"][0]


@pytest.mark.parametrize(
    "cursor",
    [
        signing.dumps([5, None], salt=cursors.scope("events", [])),
        signing.dumps([0, ["not a date", 5]], salt=cursors.scope("events", [])),
        signing.dumps([0, [17, 5]], salt=cursors.scope("events", [])),
    ],
)
def test_an_events_cursor_that_is_not_an_events_keyset_is_a_400(client, officials_and_events, cursor):
    response = client.get(reverse("api:event-list"), {"cursor": cursor})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "size, status", [("0", 400), ("-3", 400), ("101", 400), (str(10**30), 400), ("x", 400), ("100", 200)]
)
def test_the_page_size_is_bounded(client, archive_of_45, size, status):
    response = client.get(reverse("api:article-list"), {"page_size": size})
    assert response.status_code == status
    if status == 400:
        assert response.json()["page_size"]


def test_a_page_costs_the_same_queries_whatever_its_size(client, archive_of_45):
    counts = {}
    for name in ("article", "statement", "official", "event"):
        for size in (1, 20):
            client.get(reverse(f"api:{name}-list"), {"page_size": size})  # the index is caught up
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"api:{name}-list"), {"page_size": size}).status_code == 200
            counts[name, size] = len(queries)
        assert counts[name, 1] == counts[name, 20], name
