"""Suggestions on whole articles against the database: the seed article and two more.

The seed article's expected statements are the hand annotations of
archive/fixtures/demo.json. The other two (tests/fixtures/extract/) were
written for these tests in the style of the agencies' Persian copy, about
real office-holders: other officials, other reporting verbs, quotes in «…»
and after a colon, and roles held by different people in different years.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive import extract
from archive.dates import parse_datetime
from archive.models import Article, Official
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
DEMO = Path(__file__).resolve().parent.parent / "archive" / "fixtures" / "demo.json"

# (text, speaker's Latin name or None, how the text names the speaker, direct)
MOSCOW_2024 = [
    (
        "روابط مسکو و تهران در حوزه دفاعی به سطح راهبردی رسیده و ما مصمم به ادامه این مسیر هستیم.",
        "Andrey Belousov",
        "وزیر دفاع روسیه",
        True,
    ),
    (
        "نیروهای دریایی دو کشور توان خود را در این رزمایش به خوبی نشان دادند"
        " و برگزاری دوره بعدی آن در دستور کار است.",
        "Andrey Belousov",
        "بلوسوف",
        True,
    ),
    ("تحریم‌ها مانع توسعه صنایع دفاعی ایران نشده است", "Aziz Nasirzadeh", "نصیرزاده", False),
    (
        "جمهوری اسلامی ایران آماده است تجربیات خود را در اختیار کشورهای دوست قرار دهد.",
        "Aziz Nasirzadeh",
        "نصیرزاده",
        True,
    ),
    (
        "سفر وزیر دفاع روسیه به تهران در ماه‌های آینده انجام شود.",
        "Aziz Nasirzadeh",
        "این مقام ارشد نظامی",
        False,
    ),
    (
        "همکاری در زمینه پدافند هوایی از محورهای اصلی گفت‌وگوهای دو طرف بوده است.",
        "Aziz Nasirzadeh",
        "وی",
        False,
    ),
    (
        "ما از موضع اصولی ایران در قبال تحولات منطقه قدردانی می‌کنیم.",
        "Andrey Belousov",
        "وزیر دفاع روسیه",
        True,
    ),
]
BAKU_2022 = [
    ("ترکیه و آذربایجان یک ملت در دو دولت هستند.", "Hulusi Akar", "خلوصي آكار", True),
    ("ما همواره در کنار برادران آذربایجانی خود خواهیم ماند.", "Hulusi Akar", "خلوصي آكار", True),
    ("همکاری‌های نظامی دو کشور در سال‌های اخیر گسترش چشمگیری یافته است.", "Hulusi Akar", "وی", False),
    ("جمهوری آذربایجان از حمایت‌های ترکیه در جنگ ۴۴ روزه قدردانی می‌کند.", "Zakir Hasanov", "حسن‌اف", True),
    ("رزمایش مشترک دو کشور ماه آینده در نخجوان برگزار می‌شود.", None, "وزارت دفاع ترکیه", True),
    ("ترکیه تحولات منطقه را از نزدیک زیر نظر دارد.", "Yaşar Güler", "ژنرال یاشار گولر", False),
    (
        "ارتش ترکیه آماده است در آموزش نیروهای مسلح آذربایجان مشارکت بیشتری داشته باشد.",
        "Hulusi Akar",
        "آکار",
        True,
    ),
]


def load_article(name: str, published_at: str) -> Article:
    title, _, body = (FIXTURES / name).read_text(encoding="utf-8").strip().partition("\n")
    return make_article(title=title, body=body.strip(), published_at=parse_datetime(published_at))


@pytest.fixture
def officials(demo) -> dict[str, int]:
    call_command("import_officials", str(FIXTURES / "officials.jsonl"), verbosity=0)
    return dict(Official.objects.values_list("latin_name", "pk"))


def found_statements(article: Article, ids: dict[str, int]) -> list[tuple[str, str | None, str, bool]]:
    names = {pk: latin for latin, pk in ids.items()}
    result = []
    for s in extract.suggest_for_article(article):
        if s.type == "statement":
            assert article.body[s.start : s.end] == s.text
            result.append((s.text, names.get(s.official_id), s.speaker_text, s.direct))
    return result


def test_suggest_finds_every_statement_the_demo_annotates_with_its_speaker(demo, hasanov, shoigu):
    spec = json.loads(DEMO.read_text(encoding="utf-8"))
    speakers = {"hasanov": hasanov.pk, "shoigu": shoigu.pk}
    suggestions = [s for s in extract.suggest_for_article(demo) if s.type == "statement"]
    found = {(s.start, s.end): s for s in suggestions}
    for expected in spec["statements"]:
        start = demo.body.index(expected["text"])
        suggestion = found.get((start, start + len(expected["text"])))
        assert suggestion is not None, expected["text"]
        assert suggestion.official_id == speakers[expected["speaker"]]
        assert suggestion.speaker_text == expected["attribution_text"]
        assert suggestion.direct is expected["direct"]
    # and nothing else: the closing sentence about both sides is no statement
    assert len(suggestions) == len(spec["statements"])


def test_the_seed_articles_spans_match_the_annotated_statements_exactly(demo):
    annotated = set(demo.statements.values_list("start", "end"))
    suggested = {(s.start, s.end) for s in extract.suggest_for_article(demo) if s.type == "statement"}
    assert suggested == annotated


def test_suggest_reads_the_moscow_article_of_2024(officials):
    article = load_article("article_moscow_2024.txt", "2024-10-14T10:00:00+03:30")
    assert found_statements(article, officials) == MOSCOW_2024


def test_suggest_reads_the_baku_article_of_2022(officials):
    article = load_article("article_baku_2022.txt", "2022-09-22T10:00:00+04:30")
    assert found_statements(article, officials) == BAKU_2022


def test_the_same_role_names_shoigu_in_2020_and_belousov_in_2024(officials, demo):
    seed_roles = {s.official_id for s in extract.suggest_for_article(demo) if s.text == "وزیر دفاع روسیه"}
    article = load_article("article_moscow_2024.txt", "2024-10-14T10:00:00+03:30")
    later_roles = {s.official_id for s in extract.suggest_for_article(article) if s.text == "وزیر دفاع روسیه"}
    assert seed_roles == {officials["Sergei Shoigu"]}
    assert later_roles == {officials["Andrey Belousov"]}


def test_a_role_and_a_post_change_between_dates_resolve_to_two_people(officials):
    body = "وزیر دفاع ترکیه به باکو رفت."
    in_2022 = make_article(title="الف", body=body, published_at=parse_datetime("2022-09-22"))
    in_2024 = make_article(title="ب", body=body + " ", published_at=parse_datetime("2024-01-10"))
    assert extract.suggest_for_article(in_2022)[0].official_id == officials["Hulusi Akar"]
    assert extract.suggest_for_article(in_2024)[0].official_id == officials["Yaşar Güler"]


def test_mentions_the_archive_does_not_know_are_suggested_unresolved(officials):
    article = load_article("article_moscow_2024.txt", "2024-10-14T10:00:00+03:30")
    queued = [(s.text, s.role_text) for s in extract.suggest_for_article(article) if s.queued]
    # One entry: the name, with the role written beside it as the position to suggest.
    assert queued == [("سرلشکر محمد باقری", "رئیس ستاد کل نیروهای مسلح ایران")]
