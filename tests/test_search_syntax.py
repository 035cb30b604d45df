"""The search syntax as people type it: each class of spelling, with several words, reads as contracted.

Parser level (`read`: the tree and its Persian notes), then through the
engine and the list pages, where the notes reach the reader.
"""

from __future__ import annotations

import pytest

from archive.search import search_articles
from archive.search.query import Not, Term, parse, read
from tests.conftest import make_article

PAIRS = [
    ("روسیه", "ترکیه"),
    ("تووز", "قره‌باغ"),
    ("موشک", "پهپاد"),
    ("Shoigu", "Hasanov"),
    ("۱۳۹۹", "ارمنستان"),
]


def _pairs(template: str) -> list[tuple[str, str, str]]:
    return [(template.format(a=a, b=b), a, b) for a, b in PAIRS]


class TestOr:
    @pytest.mark.parametrize(
        "template",
        [
            "{a} OR {b}",
            "{a} or {b}",
            "{a} Or {b}",
            "{a} oR {b}",
            "{a} | {b}",
            "{a}|{b}",
            "{a} || {b}",
            "{a}||{b}",
        ],
    )
    @pytest.mark.parametrize(("a", "b"), PAIRS)
    def test_every_spelling_of_or_is_or(self, template, a, b):
        assert parse(template.format(a=a, b=b)) == parse(f"{a} OR {b}")

    @pytest.mark.parametrize(("a", "b"), PAIRS)
    def test_or_binds_its_two_sides_only(self, a, b):
        assert parse(f"وزیر {a} | {b}") == parse(f"وزیر {a} OR {b}")

    @pytest.mark.parametrize("query", ["| روسیه", "روسیه |", "or روسیه", "روسیه ||", "|روسیه|"])
    def test_an_or_with_nothing_on_one_side_is_ignored(self, query):
        assert parse(query) == parse("روسیه")

    def test_or_inside_a_word_is_part_of_it(self):
        # «ORBAN», «Oracle», «for» are words; only "or" standing alone is the operator.
        assert parse("Orban Oracle") == parse("orban oracle")
        assert Term("orban") in _flat(parse("Orban"))


class TestAnd:
    @pytest.mark.parametrize(
        "template",
        [
            "{a} AND {b}",
            "{a} and {b}",
            "{a} And {b}",
            "{a} و {b}",
            "{a}  و  {b}",
            "{a}\u00a0و\u00a0{b}",
            "{a}\u200bو\u200b{b}",
            "{a} & {b}",
            "{a} && {b}",
        ],
    )
    @pytest.mark.parametrize(("a", "b"), PAIRS)
    def test_and_and_va_say_what_a_space_says(self, template, a, b):
        assert parse(template.format(a=a, b=b)) == parse(f"{a} {b}")

    @pytest.mark.parametrize("word", ["وزیر", "وارد", "ولی", "واکنش", "دو", "نو", "وو"])
    def test_a_word_with_va_in_it_is_a_word(self, word):
        assert parse(f"روسیه {word}") != parse("روسیه")
        assert parse(word) is not None and parse(word) != parse("")

    @pytest.mark.parametrize(
        "query", ["و روسیه", "روسیه و", "و روسیه و", "AND روسیه", "روسیه and", "وَ روسیه"]
    )
    def test_an_operator_at_the_start_or_end_is_dropped(self, query):
        assert parse(query) == parse("روسیه")

    @pytest.mark.parametrize(("query", "word"), [("و", "و"), ("AND", "and"), ("and and", "and")])
    def test_a_query_of_nothing_but_an_operator_word_searches_it(self, query, word):
        assert parse(query) == Term(word)

    def test_a_quoted_va_stays_in_its_phrase(self):
        tree = parse("«وزیر و سفیر»")
        assert any(getattr(n, "keys", ())[1:2] == ("و",) for n in _flat(tree))

    def test_and_with_or_and_exclusions(self):
        assert parse("روسیه و ترکیه OR ایران -ارمنستان") == parse("روسیه ترکیه OR ایران -ارمنستان")


FIELD_NAMES = [
    "title",
    "Title",
    "TITLE",
    "body",
    "body_key",
    "source",
    "author",
    "عنوان",
    "متن",
    "منبع",
    "نویسنده",
]


class TestFieldPrefixes:
    @pytest.mark.parametrize("name", FIELD_NAMES)
    @pytest.mark.parametrize(
        ("template", "meant"),
        [
            ("{name}:روسیه", "روسیه"),
            ("{name}: روسیه", "روسیه"),
            ("{name}:«وزیر دفاع»", "«وزیر دفاع»"),
            ('{name}:"وزیر دفاع"', '"وزیر دفاع"'),
            ("موشک {name}:پهپاد", "موشک پهپاد"),
            ("-{name}:روسیه", "-روسیه"),
            ("{name}:ترکیه OR {name}:ایران", "ترکیه OR ایران"),
            ("{name}:موشک*", "موشک*"),
        ],
    )
    def test_the_words_after_a_field_prefix_are_searched_with_a_note(self, name, template, meant):
        reading = read(template.format(name=name))
        assert reading.tree == parse(meant)
        assert len(reading.notes) == 1
        assert f"{name}:" in reading.notes[0] and "جست‌وجو" in reading.notes[0]

    @pytest.mark.parametrize(
        "query", ["ساعت 10:30", "10:30", "https://example.org/a", "F-16", "روسیه: ترکیه"]
    )
    def test_times_and_addresses_are_not_field_prefixes(self, query):
        reading = read(query)
        if query == "روسیه: ترکیه":
            # A word ending in a colon before another word is a field prefix too, and says so.
            assert reading.tree == parse("ترکیه") and reading.notes
        else:
            assert reading.notes == ()
            assert reading.tree is not None

    @pytest.mark.parametrize("name", FIELD_NAMES)
    def test_a_field_name_with_nothing_after_it_is_searched_as_a_word(self, name):
        assert read(f"{name}:").tree == parse(name)


class TestUnclosedQuotes:
    @pytest.mark.parametrize(
        "query", ['"وزیر دفاع', "«وزیر دفاع", "“وزیر دفاع", 'روسیه "وزیر دفاع', "«حسن اف"]
    )
    def test_an_unclosed_quote_runs_to_the_end_with_a_note(self, query):
        reading = read(query)
        closed = query + ("»" if "«" in query else '"')
        assert reading.tree == parse(closed)
        assert len(reading.notes) == 1 and "گیومه" in reading.notes[0]

    @pytest.mark.parametrize("query", ['"وزیر دفاع"', "«وزیر دفاع»", "روسیه", 'روسیه "', "روسیه «»"])
    def test_a_closed_or_empty_quote_has_no_note(self, query):
        assert read(query).notes == ()


def test_exclusions_still_exclude():
    assert parse("-title:روسیه") == Not(Term("روسیه"))


def _flat(node) -> list:
    out = [node]
    for child in getattr(node, "children", ()):
        out.extend(_flat(child))
    return out


# -- through the engine and the pages -----------------------------------------------


@pytest.fixture
def corpus(db):
    return {
        "russia": make_article(title="روسیه", body="وزیر دفاع روسیه به ترکیه رفت.").pk,
        "turkey": make_article(title="ترکیه", body="نیروهای ترکیه در مرز.").pk,
        "iran": make_article(title="ایران", body="رزمایش ایران.").pk,
    }


@pytest.mark.django_db
class TestThroughTheEngine:
    @pytest.mark.parametrize("query", ["روسیه OR ایران", "روسیه or ایران", "روسیه | ایران", "روسیه||ایران"])
    def test_or_finds_either(self, corpus, query):
        assert set(search_articles(query).ids) == {corpus["russia"], corpus["iran"]}

    @pytest.mark.parametrize(
        "query", ["روسیه و ترکیه", "روسیه AND ترکیه", "روسیه and ترکیه", "و روسیه ترکیه و"]
    )
    def test_and_finds_both(self, corpus, query):
        assert search_articles(query).ids == [corpus["russia"]]

    @pytest.mark.parametrize("query", ["title:ترکیه", "عنوان: ترکیه", "TITLE:ترکیه", "body:ترکیه"])
    def test_a_field_prefix_gives_the_words_results_and_a_note(self, corpus, query):
        hits = search_articles(query)
        assert set(hits.ids) == {corpus["russia"], corpus["turkey"]}
        assert hits.notes and "جست‌وجو در یک بخش" in hits.notes[0]

    def test_an_unclosed_quote_gives_the_phrase_and_a_note(self, corpus):
        hits = search_articles("«وزیر دفاع")
        assert hits.ids == [corpus["russia"]] and "گیومه" in hits.notes[0]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/articles/", "/statements/", "/officials/", "/events/"])
@pytest.mark.parametrize("query", ["title:روسیه", "عنوان: روسیه", '"وزیر دفاع'])
def test_every_list_shows_the_note(client, corpus, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    notes = response.context["notes"]
    assert len(notes) == 1
    assert notes[0] in response.content.decode()
