"""The cold-search benchmark: its query set, its cold and warm passes, and the bare Tantivy floor."""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl

import pytest
from django.core.cache import cache
from django.test import Client

from archive.search.query import Or, Prefix, parse
from benchmarks import cold, corpus, floor, loading, measure, queries

FAKE_SOURCES = {s.name: str(pk) for pk, s in enumerate(corpus.SOURCES, start=1)}


@pytest.fixture(scope="module")
def query_set() -> list[queries.Query]:
    return queries.cold_queries(FAKE_SOURCES)


def test_the_query_set_covers_every_class(query_set):
    kinds = {q.kind for q in query_set}
    assert kinds == {kind for kind, _title in queries.CLASSES}
    assert 75 <= len(query_set) <= 90
    for kind, _title in queries.CLASSES:
        assert sum(q.kind == kind for q in query_set) >= 2, kind


def test_every_query_is_distinct(query_set):
    # Each is requested once on a cold cache: a repeat would be served from it.
    assert len({q.url for q in query_set}) == len(query_set)


def test_the_three_sorts_and_collapse_are_asked_for(query_set):
    sorts = {q.param("sort") for q in query_set}
    assert {"newest", "oldest"} <= sorts
    assert any(q.q and q.param("sort") is None for q in query_set)  # relevance, the default with words
    assert all(q.param("collapse") == "story" for q in query_set if q.kind == "story")


def test_the_or32_queries_are_32_two_letter_prefixes(query_set):
    for q in (q for q in query_set if q.kind == "or32"):
        tree = parse(q.q)
        assert isinstance(tree, Or) and len(tree.children) == 32
        assert all(isinstance(c, Prefix) and len(c.keys[-1]) == 2 for c in tree.children)


def test_two_letter_prefixes_have_two_letters(query_set):
    for q in (q for q in query_set if q.kind == "prefix2"):
        assert q.q.endswith("*") and len(q.q) == 3


def test_band_words_come_from_their_vocabulary_ranks():
    ranks = {w: r for r, w in queries.plain_words()}
    for name, (low, high) in queries.BANDS.items():
        for word in queries.band(name, 5):
            assert low <= ranks[word] < high, (name, word)


def test_the_query_strings_are_what_the_page_reads(query_set):
    q = next(q for q in query_set if q.kind == "source" and len(q.params) == 3)
    assert dict(parse_qsl(q.query_string))["source"] == q.param("source")
    assert next(q for q in query_set if q.kind == "browse").query_string.startswith(("source=", "date_"))


def test_query_memos_of_the_search_code_are_cleared(monkeypatch):
    from archive.search import query as query_module

    @functools.lru_cache
    def memo(text: str) -> str:
        return text

    memo.__module__ = query_module.__name__
    monkeypatch.setattr(query_module, "memo_of_a_query", memo, raising=False)
    memo("وزیر")
    assert "archive.search.query.memo_of_a_query" in cold.query_memos()
    # Per-token caches stay warm, as on a server that has been up a while.
    assert not any(name.endswith("._key_token") for name in cold.query_memos())
    cold.empty_caches()
    assert memo.cache_info().currsize == 0


@pytest.fixture
def small_corpus(db, tmp_path):
    loading.load(150, seed=4, batch=50, workers=1, progress=False)
    return floor.build(tmp_path / "floor", threads=1, heap_mb=50)


def page_count(client: Client, url: str) -> int:
    """The match count the page itself shows (its paginator's), however the view got it."""
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    pages = [
        v
        for context in response.context
        for d in context.dicts
        for v in d.values()
        if hasattr(v, "paginator")
    ]
    assert pages, f"{url}: no page in the template context"
    return pages[0].paginator.count


def test_the_floor_counts_what_the_page_counts(small_corpus, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    searcher = small_corpus.searcher()
    checked = 0
    collapsed = 0
    for q in queries.cold_queries():
        answer = floor.run(searcher, q)
        page = page_count(client, q.url)
        assert page == measure.expected_rows(q.query_string), q.label  # the page's count is the list's
        if q.param("collapse") == "story":
            # The floor does not collapse: it counts every copy of a story the page counts once.
            assert answer.count >= page, q.label
            collapsed += answer.count > page
            continue
        if answer.cut:
            # Both keep a prefix's most frequent terms, but the index counts terms over
            # withdrawn articles too: at the margin they may keep different ones.
            assert abs(answer.count - page) <= max(2, page // 50), q.label
            continue
        assert answer.count == page, q.label
        assert len(answer.ids) == min(floor.PAGE, answer.count)
        assert sum(n for _source, n in answer.facets["year"]) == answer.count, q.label
        checked += 1
    assert checked >= 65
    assert collapsed  # the corpus has stories to collapse


def test_the_floor_holds_every_public_article_and_no_other(small_corpus):
    from archive.models import Article

    assert small_corpus.documents == Article.objects.public().count() < Article.objects.count()


def test_the_cold_pass_computes_every_page_and_the_warm_pass_serves_them(small_corpus, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    chosen = [q for q in queries.cold_queries() if q.kind in ("most", "rare", "prefix2", "dates", "story")]
    figures = cold.measure_cold(Client(), chosen, small_corpus.searcher(), warm_repeat=2)

    assert all(f.status == 200 for f in figures)
    assert all(f.computed for f in figures)
    assert all(f.warm_served and len(f.warm_ms) == 2 for f in figures)
    assert all(f.floor_ms > 0 for f in figures)
    assert all(f.parts["template"] > 0 for f in figures)
    assert all(f.counts_agree for f in figures if f.comparable)


def test_a_page_served_from_the_cache_is_not_counted_as_cold(small_corpus, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    url = queries.Query("most", "در").url
    cache.clear()
    assert cold._get(client, url)[2] > 0  # computed: it filed itself
    assert cold._get(client, url)[2] == 0  # served: nothing filed


def test_the_count_a_page_shows_is_read_in_either_digits():
    html = '<p class="result-count" role="status">\n  ۱۹٬۶۰۰ خبر برای «<bdi>در</bdi>»'
    assert cold.shown_count(html) == 19_600
    assert cold.shown_count('<p class="result-count">42 خبر') == 42
    assert cold.shown_count("<p>nothing</p>") is None


def test_the_notes_a_page_shows_are_read():
    html = '<p class="result-count">۴۲ خبر</p>\n<p class="search-note" role="note">واژه‌ها بسیارند </p>'
    assert cold.shown_notes(html) == ["واژه‌ها بسیارند"]
    assert cold.shown_notes("<p>none</p>") == []


def test_band_words_are_not_names_the_generator_also_writes():
    from archive.countries import COUNTRIES

    countries = {name for _code, name, _latin in COUNTRIES}
    for name in queries.BANDS:
        assert not countries & set(queries.band(name, 5))
