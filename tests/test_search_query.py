"""The query parser: query text → tree, and the tree compiled for Tantivy. No database."""

from __future__ import annotations

import pytest
import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import text
from archive.search.compile import compile_tree
from archive.search.query import (
    MAX_WORDS,
    And,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    parse,
    split_negations,
)
from archive.search.schema import ARTICLES, schema_of


def _searcher() -> tantivy.Searcher:
    """An index in memory holding one article whose body has «موشک» and «موشکی»."""
    index = tantivy.Index(schema_of(ARTICLES).schema)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    doc = tantivy.Document()
    doc.add_unsigned("id", 1)
    doc.add_text("body", "موشک موشکی روسیه")
    writer.add_document(doc)
    writer.commit()
    index.reload()
    return index.searcher()


SEARCHER = _searcher()


def compiled(query: str) -> str:
    return repr(compile_tree(parse(query), schema_of(ARTICLES), SEARCHER).query)


def key(word: str) -> str:
    return text.search_key(word)


def test_it_ands_plain_words():
    tree = parse("موشک پهپاد")
    assert isinstance(tree, And)
    assert Term("موشک") in _flat(tree.children[0])
    assert Term("پهپاد") in _flat(tree.children[1])


def test_it_keys_words_as_the_index_does():
    assert parse("هیئت") == parse("هیأت") == parse("هیات")
    assert parse("كشور") == parse("کشور")
    assert parse("۱۳۹۹") == parse("1399") == Term("1399")


def test_it_reads_a_quoted_phrase():
    assert parse('"وزیر دفاع"') == Or((Phrase(("وزیر", "دفاع")), Term("وزیردفاع")))


@pytest.mark.parametrize("quoted", ["«وزیر دفاع»", "“وزیر دفاع”"])
def test_it_reads_persian_and_typographic_quotes(quoted):
    assert parse(quoted) == parse('"وزیر دفاع"')


def test_an_unbalanced_quote_runs_to_the_end():
    assert parse('"وزیر دفاع') == parse('"وزیر دفاع"')


def test_it_reads_or_between_alternatives():
    tree = parse("تووز OR قره‌باغ")
    assert isinstance(tree, Or)
    assert Term("تووز") in tree.children and Term(key("قره‌باغ")) in _flat(tree)


def test_or_binds_tighter_than_and():
    tree = parse("روسیه ایران OR ترکیه")
    assert isinstance(tree, And)
    assert isinstance(tree.children[1], Or)


@pytest.mark.parametrize("query", ["OR روسیه", "روسیه OR", "OR روسیه OR", "OR OR روسیه"])
def test_an_or_with_nothing_on_one_side_is_ignored(query):
    assert parse(query) == parse("روسیه")


def test_lowercase_or_is_or_too():
    # The public contract: OR, or and | between alternatives (tests/test_search_syntax.py has the classes).
    assert parse("a or b") == Or((Term("a"), Term("b")))


def test_it_reads_exclusions():
    tree = parse("موشک -روسیه")
    assert tree == And((Term("موشک"), Not(Term("روسیه"))))
    assert split_negations(tree) == (Term("موشک"), (Term("روسیه"),))


def test_an_exclusion_only_query_is_kept_as_exclusions():
    assert split_negations(parse("-روسیه -ترکیه")) == (None, (Term("روسیه"), Term("ترکیه")))


def test_an_exclusion_inside_an_or_is_dropped():
    assert parse("روسیه OR -ترکیه") == parse("روسیه")


def test_it_reads_a_prefix():
    assert parse("موشک*") == Prefix(("موشک",))


def test_a_one_letter_prefix_is_a_word():
    assert parse("م*") == Term("م")


def test_a_prefix_also_tries_the_letters_as_typed():
    # «سازمانها*» keys to «سازمان»; the typed letters are kept as a second prefix.
    tree = parse("سازمانها*")
    assert Prefix(("سازمان",)) in _flat(tree) and Prefix(("سازمانها",)) in _flat(tree)


def test_a_word_with_punctuation_inside_is_a_phrase():
    assert parse("F-16") == Phrase(("f", "16"))


def test_words_typed_apart_also_match_the_joined_word():
    tree = parse("بین المللی")
    assert isinstance(tree, And)
    assert Term("بینالمللی") in _flat(tree.children[0]) and Term("بینالمللی") in _flat(tree.children[1])
    assert Term("حسناف") in _flat(parse("حسن اف"))


def test_latin_words_are_not_joined():
    assert parse("zakir hasanov") == And((Term("zakir"), Term("hasanov")))


def test_a_joined_word_also_matches_its_split_as_a_phrase():
    assert parse("بینالمللی") == Or((Term("بینالمللی"), Phrase(("بین", "المللی"))))
    assert parse("بین‌المللی") == parse("بینالمللی")


def test_a_quoted_phrase_also_matches_its_words_joined():
    assert parse('"بین المللی"') == Or((Phrase(("بین", "المللی")), Term("بینالمللی")))


def test_optional_words_are_dropped_when_others_remain():
    optional = frozenset({"ژنرال"})
    assert parse("ژنرال شویگو", optional_keys=optional) == parse("شویگو")
    assert parse("ژنرال", optional_keys=optional) == parse("ژنرال")


@pytest.mark.parametrize(
    "query", ["", "   ", "-", "*", "-*", '"', '""', "«»", "OR", "OR OR", "؟!،", "\x00\x1f", "_"]
)
def test_nothing_searchable_parses_to_none(query):
    assert parse(query) is None


@pytest.mark.parametrize(
    "query",
    [
        "NEAR(a b)",
        "a AND b",
        "NOT a",
        "title:موشک",
        "body_key:x",
        "^a",
        "a + b",
        "{a b}: c",
        "'; DROP TABLE x; --",
    ],
)
def test_fts_syntax_and_sql_are_plain_words(query):
    tree = parse(query)
    assert tree is not None
    assert not isinstance(tree, Not)
    # Every key token reaches the index as a term, never as syntax.
    assert all(isinstance(n, Term | Phrase | And | Or) for n in _flat(tree))
    assert "Term(" in compiled(query)


def test_a_long_query_keeps_its_first_words():
    tree = parse(" ".join(f"w{i}" for i in range(1000)))
    assert isinstance(tree, And) and len(tree.children) == MAX_WORDS


def test_it_compiles_to_a_tantivy_query():
    query = compiled('موشک* "وزیر دفاع" -روسیه')
    # The prefix expanded through the index's terms, title and body each:
    assert query.count('"موشک"') == 2 and query.count('"موشکی"') == 2
    # «وزیر دفاع» in the title, in the body: one term of each one's pairs, no positions read
    assert query.count('"وزیر_دفاع"') == 2 and "PhraseQuery" not in query
    assert query.count('"وزیردفاع"') == 2  # …or the joined word
    assert "MustNot" in query and '"روسیه"' in query
    assert "Boost" in query  # the title clause weighs more


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(query):
    _assert_compiles(query)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(['"', "-", "*", "OR", " ", "«", "موشک", "a", "(", ")", ":", "NEAR"]), max_size=40
    )
)
def test_any_mix_of_operators_parses(parts):
    _assert_compiles("".join(parts))


def _assert_compiles(query: str) -> None:
    tree = parse(query)
    result = compile_tree(tree, schema_of(ARTICLES), SEARCHER)
    assert (result.query is None) == (tree is None)
    if result.query is not None:
        SEARCHER.search(result.query, limit=1)


def _flat(node) -> list:
    """Every node of a tree, depth first."""
    out = [node]
    for child in getattr(node, "children", ()):
        out.extend(_flat(child))
    if isinstance(node, Not):
        out.extend(_flat(node.child))
    return out


def test_a_word_longer_than_any_word_is_dropped_as_unsearchable():
    from archive.search.query import parse

    assert parse("a" * 3000) is None
    assert parse("ارمنستان " + "ب" * 3000) == parse("ارمنستان")
    assert parse('"' + "c" * 3000 + '"') is None
    assert parse("d" * 3000 + "*") is None


def test_words_typed_apart_are_joined_as_a_word_written_in_parts():
    # «نگران اند» (or «نگران‌اند», which the search box receives with a space
    # for its ZWNJ) joins as «نگران‌اند», whose key is «نگران».
    tree = parse("نگران اند")
    assert isinstance(tree, And)
    assert all(Term("نگران") in _flat(child) for child in tree.children)


def test_three_words_typed_apart_also_match_the_joined_word():
    tree = parse("بر می گردد")
    assert isinstance(tree, And) and len(tree.children) == 3
    assert all(Term("برمیگردد") in _flat(child) for child in tree.children)


def test_a_joined_reading_is_also_read_apart():
    # «برمی گردد» → «برمیگردد» → «بر می‌گردد», whose key is «بر گردد».
    tree = parse("برمی گردد")
    assert all(Phrase(("بر", "گردد")) in _flat(child) for child in tree.children)


def test_an_attested_compound_also_matches_its_parts_as_a_phrase():
    assert parse("وزارتخانه") == Or((Term("وزارتخانه"), Phrase(("وزارت", "خانه"))))
    assert parse("سازمان") == Term("سازمان")
