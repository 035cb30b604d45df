"""A search of word prefixes alone ranks title matches first, each tier newest first, on every page.

Such a query has no BM25 score (archive/search/compile.py): the page asks
the index for each tier in date order (archive/search/ordering.py
`tiered_page`) instead of ranking a run of equal scores. These tests hold
that order against one computed here from the rows, across page boundaries
that fall inside a tier and between tiers, and against the CSV, whose order
comes from the scores.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from archive.models import Article, Official, Statement
from archive.search import ordering
from tests.conftest import make_article
from tests.test_search_parity import csv_ids, page_ids

pytestmark = pytest.mark.django_db

START = dt.datetime(2021, 5, 1, tzinfo=dt.UTC)


@pytest.fixture
def prefixed():
    """80 articles: «پهپادها» in every third title, «پهپادی» in every second body; some share a second."""
    for i in range(80):
        title = f"گزارش {'پهپادها ' if i % 3 == 0 else ''}شماره {i}"
        body = f"متن {'پهپادی ' if i % 2 == 0 else ''}{'موشکی ' if i % 5 == 0 else ''}خبر {i}"
        make_article(title, body, published_at=START + dt.timedelta(hours=(i * 7919) % 80 // 2))


def expected(matches_title, matches_body) -> list[int]:
    """Title matches, then body-only ones, each newest first (a second's ties: the higher id first)."""
    rows = Article.objects.filter(is_public=True).values_list("pk", "title", "body", "published_at")
    found = [
        (not matches_title(title), -published.timestamp(), -pk)
        for pk, title, body, published in rows
        if matches_title(title) or matches_body(body)
    ]
    return [-key[2] for key in sorted(found)]


def test_a_prefix_ranks_title_matches_first_then_newest_first_on_every_page(client, prefixed):
    want = expected(lambda t: "پهپاد" in t, lambda b: "پهپاد" in b)
    # Three pages, the second starting inside the first tier and ending in the next.
    assert sum("پهپاد" in t for t in Article.objects.values_list("title", flat=True)) > 20
    assert len(want) > 2 * 20
    assert page_ids(client, reverse("archive:article-list"), "q=پهپا*") == want
    assert csv_ids(client, reverse("archive:articles-export"), "q=پهپا*") == want


def test_prefixes_or_and_exclusions_keep_the_tiers(client, prefixed):
    query = "q=پهپا* OR موشک* -شماره"  # every title has «شماره»: nothing left
    assert page_ids(client, reverse("archive:article-list"), query) == []
    query = "q=پهپا* OR موشک* -خبر"
    assert page_ids(client, reverse("archive:article-list"), query) == []
    query = "q=پهپا* OR موشک*"
    want = expected(lambda t: "پهپاد" in t, lambda b: "پهپاد" in b or "موشک" in b)
    assert page_ids(client, reverse("archive:article-list"), query) == want
    assert csv_ids(client, reverse("archive:articles-export"), query) == want


@pytest.mark.parametrize("size", [20, 50, 100])
def test_the_page_size_does_not_change_the_order(client, prefixed, size):
    want = expected(lambda t: "پهپاد" in t, lambda b: "پهپاد" in b)
    assert page_ids(client, reverse("archive:article-list"), f"q=پهپا*&page_size={size}") == want


def test_only_a_query_of_prefixes_alone_is_paged_in_tiers(client, prefixed, monkeypatch):
    from archive.search import engine

    tiered = []

    def recording(*args, **kwargs):
        tiered.append(args)
        return ordering.tiered_page(*args, **kwargs)

    monkeypatch.setattr(engine, "tiered_page", recording)
    ids = page_ids(client, reverse("archive:article-list"), "q=پهپا* خبر")  # a word: a BM25 score
    assert ids == csv_ids(client, reverse("archive:articles-export"), "q=پهپا* خبر")
    assert sorted(ids) == sorted(expected(lambda t: "پهپاد" in t, lambda b: "پهپاد" in b))
    assert tiered == []
    page_ids(client, reverse("archive:article-list"), "q=پهپا*")
    assert tiered


def test_statements_of_a_prefix_come_newest_first(client, prefixed):
    official = Official.objects.create(name="سخنگو")
    for article in Article.objects.filter(body__contains="پهپادی"):
        start = article.body.index("پهپادی")
        end = start + len("پهپادی")
        Statement.objects.create(
            article=article, official=official, text=article.body[start:end], start=start, end=end
        )
    query = "q=پهپا*"
    ids = page_ids(client, reverse("archive:statement-list"), query)
    assert ids == csv_ids(client, reverse("archive:statements-export"), query)
    assert len(ids) == Statement.objects.count() > 20
    published = dict(Statement.objects.values_list("pk", "article__published_at"))
    shown = [published[pk] for pk in ids]
    assert shown == sorted(shown, reverse=True)
