"""Relayed statements: a spokesman passes on what the minister said; the minister is the speaker.

The relay is recorded (`relayed_by`), and the span is only what was said,
never the minister's name or the inner reporting verb.
"""

from __future__ import annotations

from tests.extract_helpers import SEMYONOV, ZHDANOV, article, suggestions

# A ministry briefing as the agencies carry it.
BRIEFING = article("sputnik_briefing.txt")


def statements(body: str):
    return [s for s in suggestions(body) if s.type == "statement"]


def test_the_minister_is_the_speaker_of_what_the_spokesman_relays():
    first, second, _third = statements(BRIEFING)
    assert first.text == "هیچ یگانی به مرز اعزام نخواهد شد."
    assert (first.official_id, first.speaker_text, first.relayed_by_id) == (ZHDANOV, "ژدانوف", SEMYONOV)
    assert first.relayed_by == "ایگور سمیونوف"
    assert second.text == "رزمایش‌های پاییزی طبق برنامه برگزار می‌شود."
    assert (second.official_id, second.relayed_by) == (ZHDANOV, "سمیونوف")


def test_the_pronoun_after_a_relay_is_the_one_who_relayed():
    *_, third = statements(BRIEFING)
    assert (third.official_id, third.speaker_text, third.relayed_by) == (SEMYONOV, "وی", "")


def test_a_relay_inside_a_colon_quote_is_found():
    (found,) = statements("سمیونوف گفت: وزیر دفاع روسیه در این دیدار تاکید کرد که مرزها امن است.")
    assert (found.text, found.official_id, found.relayed_by) == ("مرزها امن است.", ZHDANOV, "سمیونوف")


def test_an_unknown_spokesman_relaying_a_known_minister():
    body = "سخنگوی وزارت دفاع ترکیه گفت که وزیر دفاع این کشور گفته است که عملیات ادامه دارد."
    (found,) = statements(body)
    assert found.text == "عملیات ادامه دارد."
    assert found.speaker_text == "وزیر دفاع این کشور" and found.relayed_by == "سخنگوی وزارت دفاع ترکیه"
    assert found.relayed_by_id is None and found.official_id is not None


def test_a_known_spokesman_relaying_someone_unknown_credits_nobody():
    body = "ایگور سمیونوف به نقل از یک فرمانده میدانی گفت: خط مقدم آرام است."
    (found,) = statements(body)
    assert found.official_id is None and found.relayed_by_id == SEMYONOV


def test_the_relay_is_in_the_json():
    (found,) = statements("ایگور سمیونوف به نقل از وزیر دفاع روسیه گفت: هیچ سلاحی ارسال نشده است.")
    row = found.as_json()
    assert (row["official_id"], row["relayed_by"], row["relayed_by_id"]) == (
        ZHDANOV,
        "ایگور سمیونوف",
        SEMYONOV,
    )


def test_speaking_on_behalf_of_someone_is_speaking_oneself():
    (found,) = statements("ژدانوف به نمایندگی از رئیس جمهور روسیه گفت: مسکو از این توافق حمایت می‌کند.")
    assert (found.official_id, found.relayed_by) == (ZHDANOV, "")


def test_a_country_announcing_inside_a_statement_is_no_relay():
    (found,) = statements("ژدانوف اعلام کرد که روسیه اعلام کرده است که از این پیمان خارج می‌شود.")
    assert (found.official_id, found.relayed_by) == (ZHDANOV, "")
    assert found.text == "روسیه اعلام کرده است که از این پیمان خارج می‌شود."
