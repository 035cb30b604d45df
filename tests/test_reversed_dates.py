"""A date range typed back to front: every list says so, shows nothing, and links to the swapped range."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.html import escape

from archive.filters import ArticleFilter, EventFilter, StatementFilter, reversed_dates
from archive.models import Event

pytestmark = pytest.mark.django_db

LISTS = ["/articles/", "/statements/", "/events/"]
# (date_from, date_to) as typed: Solar Hijri and Gregorian, years, months and days, either digit set.
REVERSED = [
    ("1400", "1399"),
    ("۱۳۹۹/۰۶/۰۶", "۱۳۹۹/۰۶/۰۵"),
    ("2021", "2020-12-31"),
    ("1399/07", "1399/06"),
    ("2020-08-27", "1399/06/05"),
]


@pytest.mark.parametrize("filterset", [ArticleFilter, StatementFilter, EventFilter])
@pytest.mark.parametrize(("first", "last"), REVERSED)
def test_it_tells_a_reversed_range_by_the_days_it_covers(filterset, first, last):
    assert reversed_dates(filterset({"date_from": first, "date_to": last})) == (first, last)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("1399", "1399"),
        ("1399/06", "1399/06"),
        ("1399/06/05", "2020-08-26"),
        ("1399", ""),
        ("", "1399"),
        ("x", "1399"),
    ],
)
def test_a_range_in_order_or_open_or_invalid_is_not_reversed(first, last):
    assert reversed_dates(ArticleFilter({"date_from": first, "date_to": last})) is None


@pytest.fixture
def event_spanning_both_years(demo):
    # Under way from 1399 to 1401: a long event would otherwise match a reversed range.
    return Event.objects.create(
        title="رزمایش طولانی", kind="exercise", start=dt.date(2020, 4, 1), end=dt.date(2022, 4, 1)
    )


@pytest.mark.parametrize("path", LISTS)
def test_every_list_says_so_shows_nothing_and_offers_the_swap(client, event_spanning_both_years, path):
    response = client.get(path, {"date_from": "1400", "date_to": "1399"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    html = response.content.decode()
    assert "پس از «تا تاریخ»" in html and "۱۴۰۰" in html
    href = response.context["reversed_dates"]["href"]
    assert escape(href) in html
    assert parse_qs(urlsplit(href).query) == {"date_from": ["1399"], "date_to": ["1400"]}
    swapped = client.get(path + href)
    assert swapped.context["reversed_dates"] is None
    assert swapped.context["page"].paginator.count > 0


def test_the_swap_keeps_the_other_filters_and_goes_to_the_first_page(client, demo):
    response = client.get("/articles/", {"q": "شویگو", "date_from": "1400", "date_to": "1399", "page": "3"})
    assert parse_qs(urlsplit(response.context["reversed_dates"]["href"]).query) == {
        "date_from": ["1399"],
        "date_to": ["1400"],
        "q": ["شویگو"],
    }


def test_the_official_page_says_so_too(client, shoigu):
    response = client.get(shoigu.get_absolute_url(), {"date_from": "1400", "date_to": "1399"})
    assert response.context["reversed_dates"] is not None
    assert response.context["page"].paginator.count == 0


def test_the_export_of_a_reversed_range_holds_what_the_page_showed(client, demo):
    manifest = client.get("/articles/export.manifest.json", {"date_from": "1400", "date_to": "1399"}).json()
    assert manifest["row_count"] == 0


def test_a_range_in_order_has_no_warning(client, demo):
    response = client.get("/articles/", {"date_from": "1399", "date_to": "1400"})
    assert response.context["reversed_dates"] is None
    assert "پس از «تا تاریخ»" not in response.content.decode()
