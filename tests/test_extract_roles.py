"""Roles as speakers: former holders («پیشین», «سابق», «اسبق»), new holders, short and Arabic forms.

A former holder resolves to who held the post before the article's date,
along a succession the archive knows without gaps, or stays unresolved;
never to the holder of the day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract_helpers import article, said, speakers_of, suggestions

RU_2024 = dt.date(2024, 5, 20)  # Zhdanov in office since 2023, Krasnov before him
IR_2025 = dt.date(2025, 6, 1)  # Niknam in office since March 2025; Kaviani's end never recorded

# An agency dispatch in which the current and the former minister both speak.
DISPATCH = article("irna_army_day.txt")


@pytest.mark.parametrize(
    "role",
    ["وزیر دفاع پیشین روسیه", "وزیر دفاع سابق روسیه", "وزیر سابق دفاع روسیه", "وزیر دفاع روسیه سابق"],
)
def test_a_former_minister_is_the_predecessor_not_the_minister_of_the_day(role):
    assert speakers_of(f"{role} در گفت‌وگو با یک شبکه تلویزیونی گفت: جنگ طولانی خواهد شد.", RU_2024) == [
        "Krasnov"
    ]


def test_the_dispatch_credits_the_current_and_the_former_minister_each_with_their_words():
    assert speakers_of(DISPATCH, RU_2024) == ["Zhdanov", "Krasnov", "Krasnov"]


def test_a_former_holder_whose_successor_left_no_recorded_end_is_still_found():
    assert speakers_of("وزیر دفاع سابق ایران گفت: تهران آماده است.", IR_2025) == ["Kaviani"]


def test_the_one_before_the_former_is_unresolved_when_the_archive_does_not_know_him():
    assert speakers_of("وزیر دفاع اسبق روسیه گفت: ما آماده بودیم.", RU_2024) == [None]


def test_a_former_holder_without_a_known_successor_is_unresolved():
    # The archive knows only one Azerbaijani minister, still in office: his predecessor is nobody it knows.
    assert speakers_of("وزیر دفاع پیشین جمهوری آذربایجان گفت: باکو آماده است.", RU_2024) == [None]


def test_a_former_title_without_a_country_is_unresolved_even_if_the_minister_was_named():
    body = "ژدانوف در مراسم حاضر بود. وزیر دفاع سابق نیز گفت: ارتش آماده است."
    assert speakers_of(body, RU_2024) == [None]


def test_a_name_beside_a_former_role_wins():
    assert speakers_of("کراسنوف، وزیر دفاع پیشین روسیه، گفت: ما آماده بودیم.", RU_2024) == ["Krasnov"]


def test_a_newly_appointed_minister_is_the_holder_days_after_his_appointment():
    day = dt.date(2025, 3, 10)
    assert speakers_of("وزیر دفاع ایران گفت: تهران آماده است.", day) == ["Niknam"]
    assert speakers_of("وزیر دفاع جدید ایران گفت: تهران آماده است.", day) == ["Niknam"]
    assert speakers_of("وزیر دفاع ایران گفت: تهران آماده است.", dt.date(2025, 3, 1)) == ["Kaviani"]


def test_a_new_minister_the_archive_does_not_know_is_not_his_predecessor():
    # Named beside the role: the name is someone else than the holder the archive has.
    body = "وزیر دفاع روسیه، آندری بلوسوف، گفت: مسکو آماده است."
    assert speakers_of(body, RU_2024) == [None]
    body = "سعید مرادی، وزیر دفاع جدید ایران، گفت: تهران آماده است."
    assert speakers_of(body, dt.date(2025, 3, 10)) == [None]


@pytest.mark.parametrize(
    ("body", "who"),
    [
        ("رئيس ستاد كل نيروهاي مسلح آذربايجان گفت: ارتش آماده است.", "Mamedov"),
        ("رئیس ستاد کل جمهوری آذربایجان در این نشست تاکید کرد: مرزها امن است.", "Mamedov"),
        ("فرمانده كل سپاه گفت: سپاه آماده است.", "Rostami"),
        ("فرمانده سپاه در مراسم صبحگاه اظهار داشت: سپاه آماده است.", "Rostami"),
        ("فرمانده نداجا تاکید کرد: ناوگروه به خلیج عدن اعزام می‌شود.", "Farhadi"),
        ("فرمانده نیروی دریایی ارتش جمهوری اسلامی ایران گفت: ناوگروه آماده است.", "Farhadi"),
        ("وزیر دفاع روس گفت: مسکو بی‌طرف است.", "Zhdanov"),
        ("وزير دفاع تركيه در آنکارا گفت: عملیات ادامه دارد.", "Yildiz"),
    ],
)
def test_short_and_arabic_letter_role_forms_name_their_holder(body, who):
    assert speakers_of(body, RU_2024) == [who]


def test_a_role_of_another_year_names_the_holder_of_that_year():
    body = "وزیر دفاع ترکیه گفت: عملیات ادامه دارد."
    assert speakers_of(body, dt.date(2022, 1, 1)) == ["Kaya"]
    assert speakers_of(body, dt.date(2024, 1, 1)) == ["Yildiz"]


def test_the_former_role_mention_is_marked_with_its_holder():
    found = [
        s for s in suggestions("وزیر دفاع پیشین روسیه گفت: ما آماده بودیم.", RU_2024) if s.type == "mention"
    ]
    assert [(s.text, s.via) for s in found] == [("وزیر دفاع پیشین روسیه", "role")]
    assert said("وزیر دفاع پیشین روسیه گفت: ما آماده بودیم.", RU_2024)[0][2] == "وزیر دفاع پیشین روسیه"
