"""`page_size`: 20, 50 or 100 rows on every list, validated by its FilterSet, and a key of the page cache."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.filters import ArticleFilter, EventFilter, OfficialFilter, StatementFilter, page_size
from archive.models import Event
from archive.views import export_params, read_params
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

FILTERSETS = [ArticleFilter, StatementFilter, OfficialFilter, EventFilter]


@pytest.mark.parametrize("filterset", FILTERSETS)
@pytest.mark.parametrize(
    ("value", "expected"), [("", 20), ("20", 20), ("50", 50), ("100", 100), ("۵۰", 50), ("١٠٠", 100)]
)
def test_it_reads_the_sizes_it_offers(filterset, value, expected):
    assert page_size(filterset({"page_size": value})) == expected


@pytest.mark.parametrize("filterset", FILTERSETS)
@pytest.mark.parametrize("value", ["10", "1000", "0", "-50", "50.0", "abc", "۵۰۰", "9" * 40])
def test_any_other_size_is_refused_in_persian_and_gives_the_default(filterset, value):
    filters = filterset({"page_size": value})
    assert page_size(filters) == 20
    assert "page_size" in filters.form.errors


def test_no_query_string_gives_the_default():
    assert page_size(ArticleFilter()) == 20


@pytest.mark.parametrize("filterset", FILTERSETS)
def test_the_page_cache_keys_on_it_and_exports_do_not(filterset):
    assert "page_size" in read_params(filterset)
    assert "page_size" not in read_params(filterset, paged=False)


def test_exports_do_not_read_it():
    assert all(
        "page_size" not in export_params(name) for name in ("articles", "statements", "officials", "events")
    )


@pytest.fixture
def sixty_articles():
    return [make_article(title=f"خبر {i}", body="متن موشک") for i in range(60)]


@pytest.mark.parametrize(("size", "rows"), [("", 20), ("50", 50), ("100", 60)])
def test_the_article_list_shows_that_many_rows(client, sixty_articles, size, rows):
    response = client.get("/articles/", {"q": "موشک", "page_size": size} if size else {"q": "موشک"})
    assert len(response.context["page"].object_list) == rows
    assert response.context["page"].paginator.num_pages == -(-60 // (int(size) if size else 20))


def test_pagination_links_keep_the_size(client, sixty_articles):
    html = client.get("/articles/", {"page_size": "50"}).content.decode()
    next_link = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {"page": ["2"], "page_size": ["50"]}


def test_the_event_list_pages_by_it(client):
    import datetime as dt

    Event.objects.bulk_create(
        Event(title=f"رویداد {i}", kind="meeting", start=dt.date(2020, 1, 1)) for i in range(55)
    )
    assert len(client.get("/events/", {"page_size": "50"}).context["page"].object_list) == 50
    assert len(client.get("/events/").context["page"].object_list) == 20


def test_two_sizes_are_two_pages_in_the_cache(client, sixty_articles):
    first = client.get("/articles/", {"page_size": "50"})
    # A page the cache answers renders no template (no context): this one was computed.
    second = client.get("/articles/", {"page_size": "100"})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 60
    again = client.get("/articles/", {"page_size": "50"})
    assert again.context is None and again.content == first.content
