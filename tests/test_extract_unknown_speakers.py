"""Someone the archive does not know speaks: the statement has an unknown speaker, and so does «وی» after it.

Never the official named earlier. The articles are written in the styles of
an agency dispatch, an analysis and a short wire item, with invented people
(tests/extract_helpers.py).
"""

from __future__ import annotations

import datetime as dt

from tests.extract_helpers import article, said, speakers_of, suggestions

AGENCY = article("tasnim_paris_visit.txt")

ANALYSIS = article("analysis_caucasus.txt")

WIRE = article("armenpress_call.txt")


def test_a_pronoun_after_an_unknown_head_of_state_is_unknown_not_the_minister():
    assert speakers_of(AGENCY, dt.date(2024, 2, 6)) == ["Kaviani", None, None, None]


def test_the_statements_of_the_agency_dispatch_are_each_found():
    texts = [text for text, _who, _how in said(AGENCY, dt.date(2024, 2, 6))]
    assert texts == [
        "ایران آماده گسترش همکاری‌های دفاعی با اروپاست.",
        "پاریس از گفت‌وگوهای منطقه‌ای حمایت می‌کند.",
        "تحریم‌ها به تنهایی راه‌حل نیست.",
        "فرانسه به توافق‌های پیشین پایبند است.",
    ]


def test_an_analyst_quoted_by_name_is_who_vey_and_in_kaarshenas_mean():
    found = said(ANALYSIS, dt.date(2022, 3, 1))
    assert [who for _t, who, _h in found] == ["Krasnov", None, None, None, None]
    assert [how for _t, _w, how in found][1:] == ["فرهاد صدری", "وی", "او", "این کارشناس"]


def test_a_foreign_minister_not_in_the_archive_keeps_the_pronoun_after_him():
    found = said(WIRE)
    assert [who for _t, who, _h in found] == ["Zhdanov", None, None]
    assert found[1][2] == "ساموئل هاروتیونیان"


def test_an_official_named_as_a_complement_does_not_speak():
    bodies = [
        "الکسی پتروف، مشاور وزیر دفاع روسیه، گفت: ارتش آماده است.",
        "سخنگوی وزیر دفاع روسیه گفت: وزیر در سفر است.",
        "دفتر ژدانوف اعلام کرد: سفر لغو شد.",
        "همسر کراسنوف در مصاحبه‌ای گفت: او بیمار است.",
        "ژدانوف در مسکو سخن گفت. به گفته منابع نزدیک به ژدانوف، پروازها لغو شده است.",
        "رئیس جمهور فرانسه با اشاره به سخنان ژدانوف گفت: اروپا نگران است.",
        "در پاسخ به سخنان ژدانوف، یک دیپلمات اروپایی گفت: این ادعا بی‌پایه است.",
    ]
    for body in bodies:
        assert speakers_of(body) == [None], body


def test_a_pronoun_after_an_institution_that_speaks_is_unknown():
    body = (
        "ژدانوف گفت: مرزها آرام است.\n\nپنتاگون اعلام کرد: نیروها در آماده‌باش هستند. وی افزود: ما نظاره‌گریم."
    )
    assert speakers_of(body) == ["Zhdanov", None, None]


def test_a_narrated_unknown_person_takes_over_the_pronoun():
    body = (
        "ژدانوف گفت: مرزها آرام است. سپس نوبت به نیکول پاشینیان رسید. وی گفت: ایروان آماده است. "
        "تیگران مارتیروسیان روز یکشنبه از مرز بازدید کرد. وی گفت: اوضاع آرام است."
    )
    assert speakers_of(body) == ["Zhdanov", None, None]


def test_two_people_as_one_subject_leave_the_pronoun_unresolved():
    body = "ژدانوف و حیدراف در باکو حضور داشتند. وی گفت: همکاری ادامه دارد."
    assert speakers_of(body) == [None]


def test_a_known_speaker_after_an_unknown_one_is_found_again():
    body = (
        "نیکول پاشینیان، نخست وزیر ارمنستان، گفت: ایروان آماده است. "
        "ژدانوف در پاسخ گفت: مسکو هم آماده است. وی افزود: گفت‌وگو ادامه می‌یابد."
    )
    assert speakers_of(body) == [None, "Zhdanov", "Zhdanov"]


def test_a_surname_with_another_given_name_is_another_person():
    # The archive knows «علی فرهادی»; «حسن فرهادی» is someone else.
    found = said("حسن فرهادی گفت: ما آماده‌ایم.")
    assert found == [("ما آماده‌ایم.", None, "حسن فرهادی")]


def test_an_unknown_statement_says_so_in_its_json():
    statement = next(s for s in suggestions("ماکرون گفت: پاریس آماده است.") if s.type == "statement")
    row = statement.as_json()
    assert row["official_id"] is None and row["speaker_unknown"] is True
