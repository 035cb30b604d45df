"""/help/search/: the search syntax in Persian, its examples live searches, linked from every search box."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve

from archive.search import search_articles

pytestmark = pytest.mark.django_db


def _examples(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'<a class="example" href="([^"]+)"', html)]


def test_it_is_a_persian_page(client):
    response = client.get("/help/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    for topic in ("عبارت دقیق", "OR", "کنار گذاشتن", "آغاز واژه", "نیم‌فاصله", "تاریخ‌ها", "خورشیدی", "میلادی"):
        assert topic in html


def test_every_example_is_a_list_page_that_answers(client, demo):
    hrefs = _examples(client.get("/help/search/").content.decode())
    assert len(hrefs) >= 20
    for href in hrefs:
        parts = urlsplit(href)
        assert resolve(parts.path).url_name in {
            "article-list",
            "official-list",
            "statement-list",
            "event-list",
        }
        response = client.get(href)
        assert response.status_code == 200, href  # no example redirects: it sets no empty parameter


def test_its_examples_find_what_it_says(client, demo):
    # «حسن اف» finds the seed article, which writes «حسن‌اف»; «title:…» gives the words' results.
    hrefs = {
        parse_qs(urlsplit(h).query).get("q", [""])[0]: h
        for h in _examples(client.get("/help/search/").content.decode())
    }
    assert client.get(hrefs["حسن اف"]).context["page"].paginator.count == 1
    assert search_articles("title:روسیه").ids == search_articles("روسیه").ids


def test_its_date_examples_cover_what_it_says(client, demo):
    hrefs = [h for h in _examples(client.get("/help/search/").content.decode()) if "date_from" in h]
    whole_year = next(
        h for h in hrefs if parse_qs(urlsplit(h).query) == {"date_from": ["1399"], "date_to": ["1399"]}
    )
    form = client.get(whole_year).context["filter"].form
    assert (str(form.cleaned_data["date_from"]), str(form.cleaned_data["date_to"])) == (
        "2020-03-20",
        "2021-03-20",
    )


@pytest.mark.parametrize("path", ["/", "/articles/", "/statements/", "/officials/", "/events/"])
def test_every_search_box_links_to_it(client, demo, path):
    html = client.get(path).content.decode()
    assert 'href="/help/search/"' in html


def test_the_official_page_search_links_to_it(client, shoigu):
    assert 'href="/help/search/"' in client.get(shoigu.get_absolute_url()).content.decode()


def test_it_is_cached_like_every_public_page(client):
    first = client.get("/help/search/")
    again = client.get("/help/search/")
    assert again.context is None and again.content == first.content
