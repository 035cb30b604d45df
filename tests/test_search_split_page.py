"""A page ranked in two halves of the ids at once is the page ranked whole (`ordering.split_pager`)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from archive.models import Article
from archive.search import ArticleFilters, build, search_articles
from archive.search import engine as search_engine
from archive.search.ordering import NEWEST, OLDEST, RELEVANCE
from archive.search.schema import ARTICLES

pytestmark = pytest.mark.django_db

START = dt.datetime(2022, 5, 1, 8, tzinfo=dt.UTC)
WORDS = ("رزمایش", "پهپاد", "ناوشکن", "موشک", "دریایی")


@pytest.fixture
def many(search_index_dir):
    rng = random.Random(3)
    for i in range(150):
        # Few distinct texts and dates: many records tie on score and on date.
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        Article.objects.create(
            title=rng.choice(WORDS),
            body=f"{body} شماره {i}",
            published_at=START + dt.timedelta(days=rng.randrange(5)),
            url=f"https://example.com/{i}",
        )
    build.build(ARTICLES)


@pytest.mark.parametrize("sort", [RELEVANCE, NEWEST, OLDEST])
@pytest.mark.parametrize("text", ["رزمایش", "رزمایش موشک", "پهپاد OR دریایی", '"ناوشکن موشک"', ""])
def test_a_split_page_is_the_whole_page(many, monkeypatch, text, sort):
    pages = {}
    for above in (10**12, 0):
        monkeypatch.setattr(search_engine, "SPLIT_ABOVE", above)
        pages[above] = [
            (hits.ids, hits.count, hits.last_key)
            for offset in (0, 7, 20, 41)
            for hits in [search_articles(text, ArticleFilters(), sort=sort, offset=offset, limit=20)]
        ]
    whole, split = pages.values()
    assert split == whole
    assert whole[0][0]  # something to compare


def test_the_split_is_used_for_a_query_matching_most_of_the_index(many, monkeypatch):
    calls = []
    real = search_engine.split_pager

    def counted(parts, submit):
        calls.append(len(parts))
        return real(parts, submit)

    monkeypatch.setattr(search_engine, "split_pager", counted)
    monkeypatch.setattr(search_engine, "SPLIT_ABOVE", 120)
    search_articles("شماره")  # every record
    search_articles("شماره", offset=search_engine.SPLIT_DEPTH)  # too deep to split
    search_articles("پهپاد")
    assert calls == [2]
