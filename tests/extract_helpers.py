"""A hand-built gazetteer of invented officials, and a reader of suggestions, for the extractor's tests.

The officials are invented, so no test leans on what the seed article or
the demo data happen to contain: ministers who succeed each other (one
leaving with a recorded end, one without), a chief of staff, a commander
known only by an Iranian title, a spokesman.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from archive.extract import Gazetteer, Suggestion, suggest

KAVIANI, NIKNAM, KRASNOV, ZHDANOV, MAMEDOV, HEYDAROV, ROSTAMI, FARHADI, YILDIZ, KAYA, SEMYONOV = range(11, 22)
NAMES = {
    KAVIANI: "Kaviani",
    NIKNAM: "Niknam",
    KRASNOV: "Krasnov",
    ZHDANOV: "Zhdanov",
    MAMEDOV: "Mamedov",
    HEYDAROV: "Heydarov",
    ROSTAMI: "Rostami",
    FARHADI: "Farhadi",
    YILDIZ: "Yildiz",
    KAYA: "Kaya",
    SEMYONOV: "Semyonov",
}
DAY = dt.date(2024, 5, 20)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


def article(name: str) -> str:
    """The body of a test article in tests/fixtures/extract/, written in the style of an outlet."""
    return (FIXTURES / name).read_text(encoding="utf-8").strip()


def invented_gazetteer() -> Gazetteer:
    """Officials of five countries, with the dated posts that make roles resolve."""
    g = Gazetteer()
    for code, name in [
        ("AZ", "جمهوری آذربایجان"),
        ("RU", "روسیه"),
        ("IR", "ایران"),
        ("TR", "ترکیه"),
        ("AM", "ارمنستان"),
        ("FR", "فرانسه"),
    ]:
        g.add_country(code, name)
    officials = [
        (KAVIANI, ["داریوش کاویانی", "کاویانی"], "IR"),
        (NIKNAM, ["بهرام نیکنام", "نیکنام"], "IR"),
        (KRASNOV, ["ولادیمیر کراسنوف", "کراسنوف"], "RU"),
        (ZHDANOV, ["پاول ژدانوف", "ژدانوف"], "RU"),
        (MAMEDOV, ["الچین مامدوف", "مامدوف"], "AZ"),
        (HEYDAROV, ["کریم حیدراف", "حیدراف"], "AZ"),
        (ROSTAMI, ["مهدی رستمی", "رستمی"], "IR"),
        (FARHADI, ["علی فرهادی", "فرهادی"], "IR"),
        (YILDIZ, ["مراد ییلدیز", "ییلدیز"], "TR"),
        (KAYA, ["عثمان کایا", "کایا"], "TR"),
        (SEMYONOV, ["ایگور سمیونوف", "سمیونوف"], "RU"),
    ]
    for pk, names, country in officials:
        g.add_official(pk, names, country)
    d = dt.date
    # Kaviani's end was never recorded: Niknam's appointment ends it.
    g.add_position(KAVIANI, "وزیر دفاع", country="IR", start=d(2022, 1, 10))
    g.add_position(NIKNAM, "وزیر دفاع", country="IR", start=d(2025, 3, 5))
    g.add_position(KRASNOV, "وزیر دفاع", country="RU", start=d(2019, 1, 1), end=d(2023, 6, 30))
    g.add_position(ZHDANOV, "وزیر دفاع", country="RU", start=d(2023, 7, 2))
    g.add_position(MAMEDOV, "رئیس ستاد کل نیروهای مسلح", country="AZ", start=d(2020, 1, 1))
    g.add_position(HEYDAROV, "وزیر دفاع", country="AZ", start=d(2018, 1, 1))
    g.add_position(ROSTAMI, "فرمانده کل سپاه", country="IR", start=d(2019, 4, 21))
    g.add_position(FARHADI, "فرمانده نیروی دریایی ارتش", country="IR", start=d(2021, 8, 1))
    g.add_position(YILDIZ, "وزیر دفاع", country="TR", start=d(2023, 6, 4))
    g.add_position(KAYA, "وزیر دفاع", country="TR", start=d(2018, 7, 10), end=d(2023, 6, 3))
    g.add_position(SEMYONOV, "سخنگوی وزارت دفاع", country="RU", start=d(2017, 1, 1))
    return g


def suggestions(body: str, day: dt.date | None = DAY) -> list[Suggestion]:
    """Every suggestion for `body`, with the check that spans index the body exactly."""
    found = suggest(body, invented_gazetteer(), day)
    for s in found:
        assert body[s.start : s.end] == s.text
    return found


def said(body: str, day: dt.date | None = DAY) -> list[tuple[str, str | None, str]]:
    """(text, speaker's name or None, how the text names the speaker) of each statement."""
    return [
        (s.text, NAMES.get(s.official_id), s.speaker_text)
        for s in suggestions(body, day)
        if s.type == "statement"
    ]


def speakers_of(body: str, day: dt.date | None = DAY) -> list[str | None]:
    """The speaker's name (or None) of each statement, in order."""
    return [who for _text, who, _how in said(body, day)]
