"""Names the archive does not know are found for editors: with a rank, beside a role, before a verb.

Each is a mention resolved to nobody that goes to the queue, with the
position its apposition names; institutions and descriptions that speak
are not people and stay out of the queue.
"""

from __future__ import annotations

import pytest

from tests.extract_helpers import suggestions


def queued(body: str) -> list[tuple[str, str, str | None]]:
    return [(s.text, s.role_title, s.role_country) for s in suggestions(body) if s.queued]


@pytest.mark.parametrize(
    ("body", "entry"),
    [
        (
            "داوید تونویان، وزیر دفاع ارمنستان، روز دوشنبه گفت: ایروان آماده است.",
            ("داوید تونویان", "وزیر دفاع", "AM"),
        ),
        ("وزیر دفاع ارمنستان، سورن پاپیکیان، گفت: ایروان آماده است.", ("سورن پاپیکیان", "وزیر دفاع", "AM")),
        (
            "وزیر دفاع ارمنستان سورن پاپیکیان در ایروان گفت: ایروان آماده است.",
            ("سورن پاپیکیان", "وزیر دفاع", "AM"),
        ),
        (
            "ژان دولاکروا، وزیر امور خارجه فرانسه، گفت: پاریس بی‌طرف است.",
            ("ژان دولاکروا", "وزیر امور خارجه", "FR"),
        ),
        (
            "سرتیپ دوم آرش کیانی، فرمانده نیروی هوایی ایران، گفت: پایگاه آماده است.",
            ("سرتیپ دوم آرش کیانی", "فرمانده نیروی هوایی", "IR"),
        ),
    ],
)
def test_a_name_beside_a_role_is_queued_with_that_role(body, entry):
    assert queued(body) == [entry]


def test_a_name_after_a_rank_is_queued():
    assert queued("دریادار شهرام ایرانی در بندرعباس حضور یافت.") == [("دریادار شهرام ایرانی", "", None)]


def test_a_given_name_and_a_surname_opening_a_clause_are_queued():
    body = "فرهاد صدری، کارشناس مسائل قفقاز، معتقد است جنگی در کار نیست."
    assert queued(body) == [("فرهاد صدری", "", None)]


def test_a_name_before_a_reporting_verb_is_queued():
    assert queued("ماکرون گفت: پاریس آماده است.") == [("ماکرون", "", None)]


@pytest.mark.parametrize(
    "body",
    [
        "وزارت دفاع ترکیه در بیانیه‌ای اعلام کرد: عملیات پایان یافت.",
        "یک کارشناس نظامی گفت: خطر جنگ کم است.",
        "پنتاگون اعلام کرد: نیروها در آماده‌باش هستند.",
        "منابع محلی گفتند که درگیری ادامه دارد.",
        "وزیر دفاع روسیه روز دوشنبه گفت: مسکو آماده است.",
        "وزیر دفاع روسیه صبح امروز گفت: مسکو آماده است.",
        "ژدانوف گفت: مرزها آرام است.",
    ],
)
def test_institutions_descriptions_and_known_officials_are_not_queued(body):
    assert queued(body) == []


def test_a_role_in_apposition_is_one_entry_with_its_name_not_two():
    found = [
        s
        for s in suggestions("ژان دولاکروا، وزیر امور خارجه فرانسه، گفت: پاریس بی‌طرف است.")
        if s.type == "mention"
    ]
    assert [(s.text, s.via, s.queued) for s in found] == [
        ("ژان دولاکروا", "person", True),
        ("وزیر امور خارجه فرانسه", "apposition", False),
    ]


def test_a_role_nobody_holds_is_queued_on_its_own():
    assert queued("رئیس ستاد کل نیروهای مسلح ارمنستان در این نشست حضور داشت.") == [
        ("رئیس ستاد کل نیروهای مسلح ارمنستان", "رئیس ستاد کل نیروهای مسلح", "AM")
    ]


def test_a_given_name_that_contradicts_a_known_surname_is_another_person():
    # The archive knows «پاول ژدانوف»: «سرگئی ژدانوف» is someone else, queued, not Zhdanov.
    found = [s for s in suggestions("سرگئی ژدانوف به باکو رفت.") if s.type == "mention"]
    assert [(s.text, s.official_id, s.queued) for s in found] == [("سرگئی ژدانوف", None, True)]
