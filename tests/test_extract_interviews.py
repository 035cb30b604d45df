"""Interviews: each answer's sentences are statements by the interviewee; questions are none.

Layouts as outlets print them: «سوال: … پاسخ: …», «س: … ج: …» (also on one
line), «خبرنگار: … / نام: …», and an outlet's name as the interviewer's label.
"""

from __future__ import annotations

from tests.extract_helpers import article, said, speakers_of

QA = article("fars_interview_qa.txt")

SJ = article("interview_short_labels.txt")

NAMED = article("interview_named_labels.txt")

OUTLET = article("interview_outlet_label.txt")

NOBODY = article("interview_unnamed.txt")


def test_question_and_answer_labels_give_the_interviewee_each_answer_sentence():
    assert said(QA) == [
        ("هدف ما نمایش آمادگی نیروهاست.", "Rostami", "سردار مهدی رستمی"),
        ("این رزمایش پیام روشنی برای همسایگان داشت.", "Rostami", "سردار مهدی رستمی"),
        ("هنوز تصمیمی گرفته نشده است.", "Rostami", "سردار مهدی رستمی"),
    ]


def test_short_labels_also_on_one_line():
    assert said(SJ) == [
        ("مرز آرام است اما ما هوشیاریم.", "Mamedov", "الچین مامدوف"),
        ("بله، دور بعدی ماه آینده برگزار می‌شود.", "Mamedov", "الچین مامدوف"),
    ]


def test_a_name_label_speaks_and_an_unlabelled_line_continues_its_turn():
    found = said(NAMED)
    assert [t for t, _w, _h in found] == [
        "این توافق گام نخست است.",
        "ما به صلح پایدار می‌اندیشیم.",
        "روسیه همچنان شریک ماست.",
    ]
    assert {(who, how) for _t, who, how in found} == {(None, "پاپیکیان")}


def test_an_outlet_label_asks_and_a_known_name_answers():
    assert speakers_of(OUTLET) == ["Zhdanov", "Zhdanov"]


def test_an_interviewee_the_lead_does_not_name_is_unknown():
    assert speakers_of(NOBODY) == [None]


def test_an_interview_after_a_known_speaker_does_not_inherit_him():
    body = "ژدانوف گفت: مرزها آرام است.\n\n" + NOBODY
    assert speakers_of(body) == ["Zhdanov", None]


def test_a_colon_after_a_name_in_a_plain_article_is_no_interview():
    assert speakers_of("ژدانوف: مرزها آرام است.") == ["Zhdanov"]
