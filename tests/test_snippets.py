"""Snippets: cut from the published body verbatim, letter for letter, the words whose key matched marked."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from archive.search import snippet
from tests.conftest import make_article

# Arabic yeh and kaf, hamza forms, tatweel, diacritics, Arabic-Indic digits: all as an outlet typed them.
ARABIC_BODY = (
    "وزير دفاع تركيه در سال ١٣٩٩ گفت كه نيروهاي تركيه در مرز آماده‌اند و هيأت روسي نيز رسيد. مُوشكـها آماده‌اند."
)


def _unmarked(html: str) -> str:
    return re.sub(r"</?mark>", "", html)


def _marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("ترکیه", ["تركيه", "تركيه"]),
        ("وزیر", ["وزير"]),
        ("نیرو", ["نيروهاي"]),
        ("هیئت", ["هيأت"]),
        ("1399", ["١٣٩٩"]),
        ("موشک", ["مُوشكـها"]),
        ('"وزیر دفاع"', ["وزير", "دفاع"]),
        ("ترک*", ["تركيه", "تركيه"]),
        ("روسیه OR هیات", ["هيأت"]),
    ],
)
def test_it_marks_the_words_as_the_article_wrote_them(query, marked):
    html = str(snippet(ARABIC_BODY, query))
    assert _marks(html) == marked
    # One stretch of the body as published (an ellipsis where it was cut), not a tidied copy.
    passage = _unmarked(html).strip("…")
    assert len(passage) > 40 and passage in escape(ARABIC_BODY)


def test_the_passage_is_the_body_verbatim_however_long():
    body = ("متن بي‌ربط كه تكرار مي‌شود. " * 40) + "اينجا نام شويگو آمده است. " + ("پايان متن. " * 40)
    html = str(snippet(body, "شویگو"))
    passage = _unmarked(html).strip("…")
    assert passage in escape(body)
    assert _marks(html) == ["شويگو"]


def test_it_never_rewrites_spacing_or_punctuation():
    body = "گفت : «سلام» .بله ،خوب  دو  کشور ( روسيه )"
    assert _unmarked(str(snippet(body, "روسیه"))) == escape(body)


def test_an_article_is_escaped_and_only_marks_are_markup():
    body = "<script>alert(1)</script> روسيه & تركيه"
    html = str(snippet(body, "ترکیه"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert _marks(html) == ["تركيه"]


def test_no_query_gives_the_opening_unmarked():
    assert str(snippet(ARABIC_BODY, "")) == escape(ARABIC_BODY)


def test_exclusions_are_not_marked():
    assert _marks(str(snippet(ARABIC_BODY, "وزیر -ترکیه"))) == ["وزير"]


def test_words_written_apart_are_marked_for_the_joined_query():
    assert _marks(str(snippet("سازمان بين المللي انرژي", "بین‌المللی"))) == ["بين", "المللي"]


@pytest.mark.django_db
def test_the_search_page_shows_the_articles_own_letters(client):
    make_article(title="خبر", body=ARABIC_BODY)
    html = client.get("/articles/", {"q": "ترکیه"}).content.decode()
    assert "<mark>تركيه</mark>" in html
    assert "<mark>ترکیه</mark>" not in html
