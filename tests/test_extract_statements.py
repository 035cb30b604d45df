"""Statements: reporting verbs, quotes, colons and paraphrase, with exact spans and their speakers.

Pure tests over the hand-built gazetteer of tests/test_extract_mentions.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extract import split_sentences, suggest
from tests.test_extract_mentions import HASANOV, SHOIGU, demo_gazetteer

DAY = dt.date(2020, 8, 26)


def statements(body: str) -> list[tuple[str, int | None, str, bool]]:
    found = [s for s in suggest(body, demo_gazetteer(), DAY) if s.type == "statement"]
    for s in found:
        assert body[s.start : s.end] == s.text  # spans always index the body exactly
    return [(s.text, s.official_id, s.speaker_text, s.direct) for s in found]


@pytest.mark.parametrize(
    "verb",
    [
        "گفت",
        "افزود",
        "اظهار داشت",
        "تاکید کرد",
        "تأکید کرد",
        "خاطرنشان کرد",
        "خاطر نشان کرد",
        "اعلام کرد",
        "ابراز امیدواری کرد",
        "بیان کرد",
        "تصریح کرد",
        "می‌گوید",
        "میگوید",
    ],
)
def test_it_finds_a_statement_after_any_reporting_verb_and_a_colon(verb):
    body = f"شویگو در این دیدار {verb}: روسیه به تعهدات خود پایبند است."
    assert statements(body) == [("روسیه به تعهدات خود پایبند است.", SHOIGU, "شویگو", True)]


def test_a_quote_in_guillemets_is_the_text_inside_them():
    body = "حسن اف گفت: «ما آماده صلح هستیم.» سپس جلسه پایان یافت."
    assert statements(body) == [("ما آماده صلح هستیم.", HASANOV, "حسن اف", True)]


def test_a_quote_before_its_reporting_verb_is_found():
    body = "«ما آماده صلح هستیم»، حسن اف گفت."
    assert statements(body) == [("ما آماده صلح هستیم", HASANOV, "حسن اف", True)]


def test_a_verb_followed_by_that_is_a_paraphrase():
    body = "شویگو اعلام کرد که روسیه سلاحی به ارمنستان نفرستاده است."
    assert statements(body) == [("روسیه سلاحی به ارمنستان نفرستاده است.", SHOIGU, "شویگو", False)]


def test_according_to_is_a_paraphrase_by_the_one_named():
    body = "به گفته شویگو، پروازها بار نظامی نداشته‌اند."
    assert statements(body) == [("پروازها بار نظامی نداشته‌اند.", SHOIGU, "شویگو", False)]


def test_a_that_clause_before_the_verb_is_a_paraphrase_by_the_same_speaker():
    body = "حسن اف با بیان اینکه مرزها آرام است، افزود: ارتش آماده است."
    assert statements(body) == [
        ("مرزها آرام است", HASANOV, "حسن اف", False),
        ("ارتش آماده است.", HASANOV, "حسن اف", True),
    ]


def test_a_pronoun_speaker_is_the_last_resolved_speaker():
    body = (
        "حسن اف گفت: مرزها آرام است. شویگو به باکو رفت و گفت: روسیه بی‌طرف است. وی افزود: پروازها نظامی نبود."
    )
    found = statements(body)
    assert found[-1] == ("پروازها نظامی نبود.", SHOIGU, "وی", True)


def test_an_elided_subject_is_the_last_speaker_again():
    body = "حسن اف گفت: مرزها آرام است. در ادامه افزود: ارتش آماده است."
    assert statements(body)[-1] == ("ارتش آماده است.", HASANOV, "", True)


def test_the_speaker_is_the_subject_not_the_one_met():
    body = "در دیدار با شویگو، حسن اف اظهار داشت: روابط دو کشور راهبردی است."
    assert statements(body) == [("روابط دو کشور راهبردی است.", HASANOV, "حسن اف", True)]


def test_a_colon_quote_runs_on_until_the_writer_speaks_again():
    body = (
        "شویگو اظهار داشت: پروازها نظامی نبود. روسیه اقدامی علیه آذربایجان نخواهد کرد. "
        "در این نشست، طرفین درباره همکاری تبادل نظر کردند."
    )
    assert [t for t, *_ in statements(body)] == [
        "پروازها نظامی نبود.",
        "روسیه اقدامی علیه آذربایجان نخواهد کرد.",
    ]


def test_a_colon_quote_does_not_run_into_a_new_paragraph():
    body = "شویگو اظهار داشت: پروازها نظامی نبود.\n\nروسیه اقدامی علیه آذربایجان نخواهد کرد."
    assert len(statements(body)) == 1


def test_narration_ending_in_a_past_verb_does_not_continue_a_quote():
    body = "شویگو اظهار داشت: پروازها نظامی نبود. این دیدار دو ساعت طول کشید و با عکس یادگاری پایان یافت."
    assert len(statements(body)) == 1


@pytest.mark.parametrize(
    "body",
    [
        "به گزارش آران نیوز به نقل از خبرگزاری تسنیم، دو وزیر در باکو دیدار کردند.",
        "وزیر دفاع روسیه بر گسترش همکاری‌ها تاکید کرد.",
        "رزمایش «کمربند امنیت دریایی» در اقیانوس هند برگزار شد.",
        "دو طرف درباره همکاری گفت و گو کردند.",
        "شویگو و حسن اف در باکو دیدار کردند.",
    ],
)
def test_it_suggests_no_statement_without_a_reporting_verb_or_quote(body):
    assert statements(body) == []


def test_sentences_end_at_stops_outside_quotes_and_at_line_breaks():
    body = "او گفت: «یک. دو.» سه؟ چهار\nپنج."
    assert [body[a:b] for a, b, _ in split_sentences(body)] == ["او گفت: «یک. دو.»", "سه؟", "چهار", "پنج."]
