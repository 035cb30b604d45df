"""Public pages: right-to-left Persian, Solar Hijri dates, only public articles."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Article
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

PERSIAN_DIGIT = re.compile("[۰-۹]")


def assert_persian_page(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "/static/css/site.css" in html
    return html


def test_the_home_page_shows_counts_latest_articles_and_a_search_box(client, demo):
    html = assert_persian_page(client.get("/"))
    assert demo.title in html
    assert 'name="q"' in html
    assert "۷</strong> گفته" in html


def test_the_article_list_is_paginated_and_keeps_the_query_string(client, db):
    for n in range(25):
        make_article(f"خبر شمارهٔ {n}", f"متن خبر {n}")
    html = assert_persian_page(client.get("/articles/?sort=oldest"))
    assert "صفحهٔ ۱ از ۲" in html
    assert 'href="?sort=oldest&amp;page=2"' in html
    second = assert_persian_page(client.get("/articles/?sort=oldest&page=2"))
    assert "خبر شمارهٔ 24" in second


@pytest.mark.parametrize("page", ["0", "-3", "999999999999999999999", "abc", "2.5"])
def test_any_page_number_gives_a_page(client, demo, page):
    assert_persian_page(client.get("/articles/", {"page": page}))


def test_the_article_page_shows_the_jalali_date_in_persian_digits(client, demo):
    html = assert_persian_page(client.get(demo.get_absolute_url()))
    assert "۵ شهریور ۱۳۹۹" in html
    assert 'title="2020-08-25 19:30 UTC"' in html  # the Gregorian date on hover


def test_the_article_page_marks_each_statement_with_its_speaker(client, demo, shoigu):
    html = assert_persian_page(client.get(demo.get_absolute_url()))
    assert html.count('<mark class="statement"') == demo.statements.count()
    assert f'href="/officials/{shoigu.pk}/"' in html
    assert "خبرگزاری تسنیم" in html  # via
    assert "نبردهای مرزی تووز" in html  # an event


def test_article_text_is_escaped(client, db):
    article = make_article('<script>alert(1)</script>"onerror=x', "<img src=x onerror=alert(1)>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_a_withdrawn_article_is_not_listed_and_its_page_is_404(client, demo):
    Article.objects.filter(pk=demo.pk).update(is_public=False)
    assert demo.title not in client.get("/").content.decode()
    assert demo.title not in client.get("/articles/").content.decode()
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 404
    assert demo.title not in response.content.decode()
    assert demo.title not in client.get("/articles/export.csv").getvalue().decode()


def test_an_unknown_article_gives_a_persian_404_page(client, db):
    response = client.get("/articles/987654/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'dir="rtl"' in html and "پیدا نشد" in html


@pytest.mark.urls("tests.urls_raising")
def test_the_500_page_is_persian(settings):
    # Through the URLconf's handler500, as a reader meets it (DEBUG off).
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/test-failure/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'dir="rtl"' in html and "خطایی در سرور" in html


def test_official_and_event_pages_open(client, demo, shoigu):
    html = assert_persian_page(client.get(reverse("archive:official-detail", args=[shoigu.pk])))
    assert "Sergei Shoigu" in html and "وزیر دفاع" in html
    event = demo.events.get(kind="border_clash")
    html = assert_persian_page(client.get(event.get_absolute_url()))
    assert demo.title in html
    assert PERSIAN_DIGIT.search(html)


def test_the_statement_list_links_to_the_span_in_the_article(client, demo):
    html = assert_persian_page(client.get("/statements/"))
    first = demo.statements.first()
    assert f"/articles/{demo.pk}/#statement-{first.pk}" in html


def test_an_official_page_lists_the_latest_events_and_links_to_all_of_them(client, demo, shoigu):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.models import Country, Event
    from archive.templatetags.persian import fa_digits
    from archive.views import EVENTS_SHOWN

    russia = Country.objects.get_or_create(code="RU", defaults={"name": "روسیه"})[0]
    many = EVENTS_SHOWN + 15
    for day in range(many):
        event = Event.objects.create(
            kind="meeting", title=f"دیدار شمارهٔ {day}", start=dt.date(2023, 1, 1) + dt.timedelta(days=day)
        )
        event.officials.add(shoigu)
        event.countries.add(russia)
    total = shoigu.events.count()
    url = reverse("archive:official-detail", args=[shoigu.pk])
    with CaptureQueriesContext(connection) as read:
        html = assert_persian_page(client.get(url))
    listed = html.split('id="events-title"')[1].split("</section>")[0]
    assert listed.count("<li>") == EVENTS_SHOWN
    assert f"دیدار شمارهٔ {many - 1}<" in listed and "دیدار شمارهٔ 0<" not in listed  # the latest first
    assert f'href="/events/?official={shoigu.pk}">همهٔ {fa_digits(total)} رویداد' in listed
    # The events' countries in one query, not one per event.
    assert sum("archive_event_countries" in q["sql"] for q in read.captured_queries) == 1
    listing = client.get(f"/events/?official={shoigu.pk}&page_size=100").content.decode()
    assert listing.count("دیدار شمارهٔ") == many  # the link's list holds every one
