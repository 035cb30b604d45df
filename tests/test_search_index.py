"""The Tantivy index: what a document holds, filters, sorts, counts, facets, bounded cost."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article, ArticleVia, Country, Event, Official, Source, Statement, Story
from archive.search import (
    ArticleFilters,
    OfficialFilters,
    StatementFilters,
    build,
    indexdir,
    ordering,
    search_articles,
    search_officials,
    search_statements,
)
from archive.search.compile import MAX_PREFIX_TERMS
from archive.search.engine import iter_ids
from archive.search.ordering import NEWEST, OLDEST, RELEVANCE
from archive.search.schema import ARTICLES, OFFICIALS, STATEMENTS

pytestmark = pytest.mark.django_db

START = dt.datetime(2020, 8, 1, 12, tzinfo=dt.UTC)


def article(title: str, body: str, days: int = 0, **fields) -> Article:
    published = START + dt.timedelta(days=days)
    return Article.objects.create(title=title, body=body, published_at=published, **fields)


@pytest.fixture
def corpus(search_index_dir):
    iran = Country.objects.get_or_create(code="IR", defaults={"name": "ایران"})[0]
    tass = Source.objects.create(name="تاس")
    irna = Source.objects.create(name="ایرنا")
    shoigu = Official.objects.create(name="سرگئی شویگو", latin_name="Sergei Shoigu", country=iran)
    visit = article("سفر وزیر دفاع روسیه", "شویگو درباره همکاری سخن گفت.", 0, source=tass)
    drill = article("رزمایش مشترک", "نیروهای روسیه و ایران در رزمایش شرکت کردند.", 1, source=irna)
    ArticleVia.objects.create(article=drill, source=tass)
    drill.countries.add(iran)
    old = article("گزارش قدیمی", "روسیه در سال ۱۳۹۸ گفت.", -400)
    event = Event.objects.create(kind="exercise", title="رزمایش", start=dt.date(2020, 8, 2))
    event.articles.add(drill)
    event.officials.add(shoigu)
    start = visit.body.index("همکاری")
    statement = Statement.objects.create(
        article=visit, official=shoigu, text=visit.body[start:], start=start, end=len(visit.body), event=event
    )
    build.build_all()
    return {
        "visit": visit,
        "drill": drill,
        "old": old,
        "tass": tass,
        "irna": irna,
        "shoigu": shoigu,
        "event": event,
        "statement": statement,
        "iran": iran,
    }


def test_it_finds_words_and_ranks_title_above_body(corpus):
    hits = search_articles("رزمایش")
    assert hits.ids == [corpus["drill"].pk] and hits.count == 1
    hits = search_articles("روسیه")
    assert hits.count == 3
    assert hits.ids[0] == corpus["visit"].pk  # the title says it


def test_the_three_sorts(corpus):
    newest = search_articles("روسیه", sort=NEWEST).ids
    assert newest == [corpus["drill"].pk, corpus["visit"].pk, corpus["old"].pk]
    assert search_articles("روسیه", sort=OLDEST).ids == newest[::-1]
    assert search_articles("", sort=NEWEST).ids == newest


@pytest.mark.parametrize("slice_size", [ordering.SLICE, 4])
def test_ties_in_score_are_newest_first_on_every_page_and_in_the_export(slice_size, monkeypatch):
    monkeypatch.setattr(ordering, "SLICE", slice_size)  # an export reads the matches by slices of ids
    # Reprints of one story have the same text, so the same score.
    copies = [article("بیانیه", f"متن یکسان بیانیه نسخه {i}", days=i) for i in range(30)]
    build.build(ARTICLES)
    expected = [a.pk for a in sorted(copies, key=lambda a: a.published_at, reverse=True)]
    pages = [search_articles("بیانیه", sort=RELEVANCE, offset=o, limit=7).ids for o in range(0, 30, 7)]
    assert [pk for page in pages for pk in page] == expected
    batches = list(iter_ids(ARTICLES, "بیانیه", ArticleFilters(), batch=4))
    assert [pk for batch in batches for pk in batch] == expected and len(batches[0]) == 4
    for sort in (NEWEST, OLDEST):
        paged = [search_articles("", sort=sort, offset=o, limit=6).ids for o in range(0, 30, 6)]
        exported = iter_ids(ARTICLES, "", ArticleFilters(), sort=sort, batch=5)
        assert [pk for batch in exported for pk in batch] == [pk for ids in paged for pk in ids]


def test_filters(corpus):
    def ids(**filters):
        return set(search_articles("روسیه", ArticleFilters(**filters)).ids)

    assert ids(source=corpus["tass"].pk) == {corpus["visit"].pk, corpus["drill"].pk}  # published or cited
    assert ids(source=corpus["irna"].pk) == {corpus["drill"].pk}
    assert ids(country="IR") == {corpus["drill"].pk}
    assert ids(official=corpus["shoigu"].pk) == {corpus["visit"].pk, corpus["drill"].pk}  # quoted, attended
    assert ids(event=corpus["event"].pk) == ids(kind="exercise") == {corpus["drill"].pk}
    assert ids(date_from=START, date_to=START + dt.timedelta(days=1)) == {corpus["visit"].pk}
    assert ids(date_from=START + dt.timedelta(days=1)) == {corpus["drill"].pk}
    assert ids(date_to=START) == {corpus["old"].pk}
    Article.objects.filter(pk=corpus["old"].pk).update(is_public=False)
    build.build(ARTICLES)
    assert ids() == {corpus["visit"].pk, corpus["drill"].pk}
    assert len(ids(public=None)) == 3


def test_facets_count_the_matches(corpus):
    facets = search_articles("روسیه", facets=True).facets
    assert facets["source"] == [(corpus["tass"].pk, 2), (corpus["irna"].pk, 1)]
    assert facets["year"] == [(1399, 2), (1398, 1)]
    assert facets["country"] == [("IR", 1)]
    assert facets["official"] == [(corpus["shoigu"].pk, 2)]
    assert facets["kind"] == [("exercise", 1)]


def test_one_copy_per_story_is_the_earliest_imported_among_the_matches(search_index_dir):
    story = Story.objects.create()
    first = article("نسخه", "موشک روسیه", 5, story=story)
    second = article("نسخه دوم", "موشک روسیه دوباره", 1, story=story)
    alone = article("تنها", "موشک", 2)
    build.build(ARTICLES)
    once = ArticleFilters(one_per_story=True)
    assert set(search_articles("موشک", once).ids) == {first.pk, alone.pk}
    # Among the articles these filters keep: the first copy may be filtered out.
    assert search_articles("دوباره", once).ids == [second.pk]


def test_statements_and_officials(corpus):
    statement = corpus["statement"]
    assert search_statements("همکاری").ids == [statement.pk]
    assert search_statements("همکاری", StatementFilters(country="IR")).ids == [statement.pk]
    assert search_statements("همکاری", StatementFilters(kind="other")).ids == []
    assert search_statements("", StatementFilters(source=corpus["tass"].pk)).ids == [statement.pk]
    assert search_officials("shoigu").ids == [corpus["shoigu"].pk]
    assert search_officials("", OfficialFilters(country="IR")).ids == [corpus["shoigu"].pk]


def test_nothing_searchable_matches_nothing_and_exclusions_give_the_rest(corpus):
    assert search_articles("***").count == 0
    hits = search_articles("-رزمایش")
    assert hits.ids == [corpus["visit"].pk, corpus["old"].pk]  # newest first
    assert hits.count == 2


def test_prefixes_are_capped_and_the_page_is_told(search_index_dir):
    words = " ".join(f"رزم{chr(0x627 + i % 20)}{i}" for i in range(MAX_PREFIX_TERMS + 10))
    article("رزمایش", words)
    build.build(ARTICLES)
    hits = search_articles("رزم*")
    assert hits.count == 1
    assert len(hits.notes) == 1 and "«رزم»" in hits.notes[0]
    assert search_articles("رزما*").notes == []


def test_a_missing_index_is_rebuilt_with_a_log_line(corpus, caplog):
    shutil.rmtree(indexdir.current_directory(ARTICLES))
    indexdir.forget()
    with caplog.at_level("ERROR", logger="archive.search.build"):
        assert search_articles("رزمایش").ids == [corpus["drill"].pk]
    assert "search index articles unusable" in caplog.text


def test_a_corrupt_index_is_rebuilt(corpus):
    directory = indexdir.current_directory(OFFICIALS)
    (directory / "meta.json").write_text("{not json")
    indexdir.forget()
    assert search_officials("شویگو").ids == [corpus["shoigu"].pk]
    assert indexdir.current_directory(OFFICIALS) != directory
    assert not directory.exists()


def test_a_rebuild_switches_directories_and_removes_the_old_one(corpus):
    before = indexdir.current_directory(STATEMENTS)
    build.build(STATEMENTS)
    after = indexdir.current_directory(STATEMENTS)
    assert after != before and not before.exists()
    assert search_statements("همکاری").ids == [corpus["statement"].pk]


def test_32_two_letter_prefixes_cost_at_most_the_query_budget(search_index_dir):
    from archive.search.compile import MAX_QUERY_TERMS, compile_tree
    from archive.search.indexdir import open_current
    from archive.search.query import parse
    from archive.search.schema import schema_of

    letters = "ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهیئ"
    prefixes = [a + b for a, b in zip(letters, letters[1:] + letters[:1], strict=True)][:32]
    words = " ".join(f"{p}{suffix}" for p in prefixes for suffix in ("ان", "ها", "ستان", "گاه", "ی", "ین"))
    article("واژه‌ها", words)
    build.build(ARTICLES)
    query = " OR ".join(f"{p}*" for p in prefixes)
    compiled = compile_tree(parse(query), schema_of(ARTICLES), open_current(ARTICLES).searcher())
    # Each expanded term appears once per key field (title, body) in the query, and once more
    # in the title clause that scores its tiers (prefixes alone: archive/search/compile.py).
    tier_terms = sum(repr(tier).count("Term(") for tier in compiled.tiers)
    assert tier_terms <= MAX_QUERY_TERMS
    assert (repr(compiled.query).count("Term(") - tier_terms) // 2 <= MAX_QUERY_TERMS
    assert compiled.notes  # the page says what was cut
    assert search_articles(query).count == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_text_gives_hits(corpus, query):
    for search in (search_articles, search_statements, search_officials):
        hits = search(query, facets=True)
        assert hits.count >= len(hits.ids)


def test_the_postings_a_querys_prefixes_read_are_bounded(search_index_dir, monkeypatch):
    from archive.search import compile as compiling
    from archive.search.indexdir import open_current
    from archive.search.query import parse
    from archive.search.schema import schema_of

    prefixes = ["رز", "مو", "په", "نی", "سف", "دف", "مر", "در"]
    words = " ".join(f"{p}{suffix}" for p in prefixes for suffix in ("ان", "ها", "ستان", "گاه", "ی", "ین"))
    for i in range(40):
        article(f"واژه‌ها {i}", words)
    build.build(ARTICLES)
    searcher = open_current(ARTICLES).searcher()
    query = " OR ".join(f"{p}*" for p in prefixes)

    def expanded():
        compiler = compiling._Compiler(schema_of(ARTICLES), searcher, len(prefixes), 0)
        compiler.compile(parse(query))
        return compiler.expanded, compiler.notes

    # Every term in every article's body: unbounded, 4–6 terms a prefix (their keys), 42 postings a document.
    monkeypatch.setattr(compiling, "MAX_QUERY_POSTINGS", 1000)
    unbounded, notes = expanded()
    assert sum(map(sum, unbounded.values())) == 42 * 40 and not notes
    monkeypatch.setattr(compiling, "MAX_QUERY_POSTINGS", 16)
    bounded, notes = expanded()
    assert sum(map(sum, bounded.values())) <= 16 * searcher.num_docs  # two terms a prefix
    assert all(len(counts) == 2 for counts in bounded.values())
    assert len(notes) == len(prefixes) and "۲ واژهٔ" in notes[0]  # the page says what was cut
    hits = search_articles(query)
    assert hits.count == 40 and hits.notes
