"""The snippet marks, found piece by piece, are the word-by-word reading's, on every kind of text.

`archive.search.highlight` splits a body on spaces and tests each distinct
piece once (a C-speed split instead of a regex pass over every word). These
tests hold it to the earlier word-by-word reading (`tests/snippet_reference.py`)
on generated bodies that have what real ones have: paragraphs and double
spaces, punctuation stuck to words and standing alone, Arabic letters and
digits, ZWNJ compounds and the same compounds written apart, Latin words,
inflected forms; and on the seed article. Queries are drawn from the bodies'
own words: terms, prefixes, phrases (typed and the ones the parser implies),
OR, exclusions, and words joined that the body writes apart.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.search import highlight
from tests import snippet_reference

SEED = Path(__file__).resolve().parent.parent / "archive" / "fixtures" / "seed_article.txt"

_WORDS = (
    "وزیر دفاع روسیه جمهوری آذربایجان همکاری نظامی بین المللی بین‌المللی بینالمللی ذاکر حسن‌اف حسن اف "
    "شویگو سرگئی تركيه ترکیه نيروهاي نیروهای موشک‌های موشکها مُوشكـها هيأت هیئت هیات ١٣٩٩ 1399 ۱۳۹۹ "
    "آتش بس آتش‌بس شورای امنیت سازمان ملل قره‌باغ تووز پهپاد رزمایش در از به که را با NATO S-400 "
    "Lavrov و همچنین گفت شد می‌شود خواهد کشور دو چشم‌اندازهای چشماندازهای روابط مذاکره"
)
WORDS = tuple(_WORDS.split())
PUNCTUATION = ("،", ".", "»", "«", ":", "؛", "!", "؟", "(", ")", '"', "—", "-", "/", "٬")
SPACES = (" ", " ", " ", " ", "  ", "\n", "\n\n", " \n", "\t", "\u00a0", " - ", " — ")


def generated_body(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        word = rng.choice(WORDS)
        if rng.random() < 0.15:
            word = rng.choice(PUNCTUATION) + word
        if rng.random() < 0.2:
            word += rng.choice(PUNCTUATION)
        if rng.random() < 0.03:
            word += rng.choice(PUNCTUATION) + rng.choice(WORDS)  # «روسیه،آمریکا»: two words, no space
        out.append(word)
        out.append(rng.choice(SPACES))
    return "".join(out[: rng.randrange(1, len(out) + 1)])


def generated_query(rng: random.Random, body: str) -> str:
    words = [w for w in highlight._WORD.findall(body) if len(w) > 1] or WORDS
    pick = rng.choice
    shape = rng.randrange(9)
    if shape == 0:
        return pick(words)
    if shape == 1:
        return f"{pick(words)} {pick(words)}"
    if shape == 2:
        return pick(words)[: rng.randrange(2, 4)] + "*"
    if shape == 3:
        i = rng.randrange(len(words))
        return '"' + " ".join(words[i : i + rng.randrange(2, 4)]) + '"'
    if shape == 4:
        i = rng.randrange(len(words))
        return '"' + " ".join(words[i : i + 2]) + '*"'
    if shape == 5:
        return f"{pick(words)} OR {pick(words)[:3]}*"
    if shape == 6:
        return f"{pick(words)} -{pick(words)}"
    if shape == 7:
        i = rng.randrange(len(words))
        return "".join(words[i : i + 2])  # a body's two words, typed as one
    return pick(WORDS)


def test_generated_bodies_mark_the_same_words_as_the_word_by_word_reading():
    rng = random.Random(20261201)
    compared = marked = 0
    for _ in range(1500):
        body = generated_body(rng, rng.randrange(1, 120))
        for _ in range(3):
            query = generated_query(rng, body)
            wanted = highlight._wanted_by(query)
            expected = snippet_reference.marked_spans(body, query)
            if wanted.keys or wanted.prefixes or wanted.phrases:
                assert highlight._marked_spans(body, wanted) == expected, (query, body)
            assert highlight.snippet(body, query) == snippet_reference.snippet(body, query), (query, body)
            compared += 1
            marked += bool(expected)
    # The comparison is not vacuous: most queries mark something.
    assert compared == 4500
    assert marked > 3000


def test_joined_and_phrase_marks_are_among_those_compared():
    """The two marks that need a word's neighbour: words written apart, and phrases."""
    body = "مسائل امنیت بین المللی و شورای   امنیت،\nسازمان ملل"
    assert highlight.snippet(body, "بین‌المللی").count("<mark>") == 2
    assert highlight.snippet(body, '"شورای امنیت"').count("<mark>") == 2  # not «امنیت» alone
    for query in ("بین‌المللی", '"شورای امنیت"', '"امنیت سازمان"', "شورای امن*"):
        assert highlight.snippet(body, query) == snippet_reference.snippet(body, query)


@pytest.mark.parametrize("query", ["وزیر دفاع", "همکاری نظامی", "بین‌المللی", '"ذاکر حسن"', "روس*", "حسن اف"])
def test_the_seed_article_marks_the_same_words(query):
    text = SEED.read_text(encoding="utf-8")
    assert highlight.snippet(text, query) == snippet_reference.snippet(text, query)
    assert "<mark>" in highlight.snippet(text, query)


@pytest.mark.parametrize(
    "text",
    [
        "موشک",
        "موشک موشک",
        "موشک موشک موشک",
        " موشک ",
        "موشک،  موشک\nموشک موشک‌ها پیش‌موشک موشک",
        "ناموشک موشکها موشک",
        "",
    ],
)
def test_a_piece_is_found_only_where_it_stands_whole(text: str) -> None:
    """Every place a piece stands between spaces or the text's ends, in order, and nowhere else."""
    starts, expected = 0, {}
    for piece in text.split(" "):
        expected.setdefault(piece, []).append(starts)
        starts += len(piece) + 1
    for piece, places in expected.items():
        if piece:
            assert list(highlight._occurrences(text, piece)) == places, (text, piece)
