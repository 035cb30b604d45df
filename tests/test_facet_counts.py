"""Facets of a query matching most of the archive, counted by what it misses: the same as over its matches.

archive/search/facetcounts.py subtracts the facets of the records the
filters keep and the query misses from the filters' totals, kept per index
commit. Here both ways are run on the same queries and compared, the totals
are shown to follow a write made behind the ORM's back, and the estimate
that chooses between them is checked against the real shares.
"""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from django.db import connection

from archive.models import Article, Country, Event, Official, Source, Statement
from archive.search import build, engine, facetcounts, search_articles
from archive.search.engine import ArticleFilters
from archive.search.schema import ARTICLES

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
WORDS = ["ایران", "رزمایش", "موشک", "پهپاد", "دریا", "مرز", "سفر", "نیرو"]
QUERIES = [
    "",
    "روسیه",
    "روسیه ایران",
    "روسیه OR دریا",
    "-موشک",
    "روسیه -موشک",
    "ر*",
    "پ*",
    '"روسیه ایران"',
    "مرز",
    "ناپیدا",
]


@pytest.fixture
def archive(search_index_dir):
    """Sixty articles that all say «روسیه» and three other words by chance; one in ten withdrawn."""
    rng = random.Random(13)
    sources = [Source.objects.create(name=f"خبرگزاری {i}") for i in range(5)]
    countries = [Country.objects.get_or_create(code=c, defaults={"name": c})[0] for c in ("IR", "RU", "TR")]
    officials = [Official.objects.create(name=f"مقام {i}", country=countries[0]) for i in range(3)]
    event = Event.objects.create(kind="exercise", title="رزمایش دریایی", start=dt.date(2024, 4, 1))
    for i in range(60):
        body = " ".join(["روسیه", *rng.sample(WORDS, 3)]) + " گفت."
        article = Article.objects.create(
            title=f"گزارش {i} {rng.choice(WORDS)}",
            body=body,
            published_at=START + dt.timedelta(days=rng.randrange(0, 700)),
            source=rng.choice(sources),
            is_public=i % 10 != 3,
        )
        article.countries.add(*rng.sample(countries, rng.randrange(0, 3)))
        if i % 4 == 0:
            official = rng.choice(officials)
            Statement.objects.create(
                article=article, official=official, text=body[:5], start=0, end=5, event=event
            )
        if i % 7 == 0:
            event.articles.add(article)
    build.build_all()
    return {"sources": sources, "countries": countries}


def both_ways(text: str, filters: ArticleFilters | None = None):
    prepared = engine._prepare(ARTICLES, text, filters or ArticleFilters())
    searcher, query = prepared.searcher, prepared.query
    parts = facetcounts.parts(ARTICLES)
    over_matches = facetcounts.merged(
        ARTICLES, [facetcounts.count_part(searcher, query, ARTICLES, part) for part in parts]
    )
    rest = {"share": 1.0, "base": prepared.base, "base_key": prepared.base_key}
    by_the_rest = facetcounts.merged(
        ARTICLES, [facetcounts.count_part(searcher, query, ARTICLES, part, **rest) for part in parts]
    )
    return over_matches, by_the_rest, prepared


def filter_sets(archive) -> list[ArticleFilters]:
    return [
        ArticleFilters(),
        ArticleFilters(source=archive["sources"][1].pk),
        ArticleFilters(country="RU"),
        ArticleFilters(date_from=START + dt.timedelta(days=200), date_to=START + dt.timedelta(days=500)),
        ArticleFilters(public=None),  # every record, withdrawn too (what an editor's list could ask)
    ]


def test_the_rest_gives_the_counts_the_matches_give(archive):
    for filters in filter_sets(archive):
        for text in QUERIES:
            over_matches, by_the_rest, _ = both_ways(text, filters)
            assert by_the_rest == over_matches, (text, filters)
            facets, matches = over_matches
            hits = search_articles(text, facets=True, filters=filters)
            assert hits.facets == facets and hits.count == matches, (text, filters)
    # A frequent word really had counts to compare (not two empty answers).
    facets, matches = both_ways("روسیه")[0]
    assert matches == 54 and sum(n for _, n in facets["year"]) == 54 and facets["source"][0][1] > 10


def test_a_frequent_word_is_counted_by_the_rest_and_a_rare_one_over_its_matches(archive, monkeypatch):
    counted = []  # how many records each aggregation read

    def recording(searcher, query, kind, part=None, real=facetcounts.aggregate):
        raw, matches = real(searcher, query, kind, part)
        counted.append(matches)
        return raw, matches

    monkeypatch.setattr(facetcounts, "aggregate", recording)
    facetcounts.TOTALS.clear()
    assert search_articles("روسیه", facets=True).facets["source"]
    # Per part of the facets, the filters' totals, then the rest: none of the 54 matches.
    assert sorted(counted) == [0, 0, 54, 54]
    counted.clear()
    assert search_articles("روسیه", facets=True, sort="newest").facets["source"]
    assert counted == [0, 0]  # the same filters on the same commit: the totals are reused
    counted.clear()
    rare = search_articles("ناپیدا", facets=True)
    assert rare.facets["source"] == [] and counted == [0, 0]
    counted.clear()
    mid = search_articles("مرز", facets=True)
    assert mid.facets["source"] and counted == [mid.count] * 2 and 0 < mid.count < 40  # over its matches


def test_the_totals_follow_a_write_made_in_raw_sql(archive):
    before = search_articles("روسیه", facets=True)
    top_source, top_count = before.facets["source"][0]
    withdrawn = Article.objects.filter(is_public=True, source_id=top_source).values_list("pk", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET is_public = %s WHERE id = %s", [False, withdrawn])
    after = search_articles("روسیه", facets=True)
    assert after.count == before.count - 1
    assert dict(after.facets["source"])[top_source] == top_count - 1
    assert (after.facets, after.count) == both_ways("روسیه")[0]


def test_the_estimated_share_follows_the_term_dictionary(archive):
    public = Article.objects.filter(is_public=True).count()
    shares = {text: both_ways(text)[2].share for text in [*QUERIES, "دریا", "موشک"]}
    assert shares["روسیه"] > 0.9 and shares["-موشک"] < 0.9 and shares["ناپیدا"] == 0
    for text in ("مرز", "دریا", "موشک"):
        real = search_articles(text).count / public
        assert abs(shares[text] - real) < 0.2, text
    assert shares["روسیه"] > facetcounts.MOST > shares["مرز"]


def test_a_kind_without_facets_gives_none_when_asked(archive):
    from archive.search import search_statements

    hits = search_statements("روسیه", facets=True)
    assert hits.facets == {} and hits.count == Statement.objects.count()


def test_a_new_commits_totals_are_counted_before_a_query_asks(archive, monkeypatch):
    """A request that sees a new commit starts its totals on the totals threads: the list's own
    and those of the filters a frequent query last used; the next frequent query counts only the rest."""
    counted = []  # (thread, records read) per aggregation
    real = facetcounts.aggregate

    def recording(searcher, query, kind, part=None):
        raw, matches = real(searcher, query, kind, part)
        counted.append((threading.current_thread().name.split("_")[0], matches))
        return raw, matches

    monkeypatch.setattr(facetcounts, "aggregate", recording)
    source = archive["sources"][2].pk
    filter_sets = (ArticleFilters(), ArticleFilters(source=source))
    assert search_articles("روسیه", facets=True, filters=filter_sets[1]).facets["source"]  # its totals used
    withdrawn = Article.objects.filter(is_public=True, source_id=source).values_list("pk", flat=True)[0]
    with connection.cursor() as cursor:  # a write behind the ORM's back: the log moves, a new commit
        cursor.execute("UPDATE archive_article SET is_public = %s WHERE id = %s", [False, withdrawn])
    counted.clear()

    def not_counted_ahead():
        raise AssertionError("the totals were not being counted")

    engine.ready(ARTICLES)  # a request of this process sees the new commit
    expected = []
    for filters in filter_sets:
        prepared = engine._prepare(ARTICLES, "روسیه", filters)
        for part in facetcounts.parts(ARTICLES):  # waits for the count started ahead, or fails
            facetcounts.TOTALS.get((prepared.base_key, part), not_counted_ahead)
            expected.append(("totals", real(prepared.searcher, prepared.base, ARTICLES, part)[1]))
    assert sorted(counted) == sorted(expected) and expected[0][1] == 53  # 54 public less the withdrawn
    counted.clear()
    hits = [search_articles("روسیه", facets=True, filters=filters) for filters in filter_sets]
    assert all(found.facets["source"] for found in hits)  # counted (on the helper threads) by now
    # The queries counted only the rest (the records their filters keep and «روسیه» misses: none).
    assert counted == [("facets", 0)] * 4
    for filters, found in zip(filter_sets, hits, strict=True):
        assert (found.facets, found.count) == both_ways("روسیه", filters)[0]


@pytest.mark.parametrize(
    "text, positional",
    [
        ('"روسیه ایران دریا"', True),  # a phrase every match is checked against
        ('روسیه -"موشک دریا ایران"', True),  # excluded: every match is still checked
        ('"روسیه ایران"', False),  # two words: one term of the pairs field, no positions
        ('روسیه -"موشک دریا"', False),
        ("روسیه ایران", False),  # words typed apart: their implied phrase only ranks
        ("روسیه OR دریا", False),
        ("ر*", False),
    ],
)
def test_a_phrase_is_counted_in_one_part_and_gives_the_same_counts(archive, monkeypatch, text, positional):
    submitted = []
    real = facetcounts.count_part

    def recording(searcher, query, kind, part, **kwargs):
        submitted.append(part)
        return real(searcher, query, kind, part, **kwargs)

    monkeypatch.setattr(facetcounts, "count_part", recording)
    hits = search_articles(text, facets=True)
    found = hits.facets, hits.count
    assert len(submitted) == (1 if positional else len(facetcounts.parts(ARTICLES))) > 0
    assert found == both_ways(text)[0]  # both_ways: in the two parts, over the matches
    assert engine._prepare(ARTICLES, text, ArticleFilters()).positional is positional
