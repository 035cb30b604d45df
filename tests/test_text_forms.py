"""Classes of word forms the key unifies, and the neighbours it must keep apart.

Each class is tested on many words drawn from hazm's lexicon (the same list
the rules consult, so a rule that works for a handful of words and fails
their class shows here), plus named cases from news text, plus words that
look inflected and are not. Matching is checked on keys and on the query's
tree (`finds`), never through an engine's internals.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hazm.constants import TRANSLATION_DST, TRANSLATION_SRC

from archive import text
from archive.text import ZWNJ, normalize_letters, search_key, split_candidates
from tests.query_helpers import finds

LEX = text.lexicon()
COPULAS = ("است", "اند", "ایم", "اید", "ام", "ای")


def every(words, n: int) -> list[str]:
    """`n` words spread evenly over the sorted `words`: a fixed, varied sample."""
    words = sorted(words)
    return words[:: max(1, len(words) // n)][:n]


def assert_apart(a: str, b: str) -> None:
    assert search_key(a) != search_key(b), (a, b, search_key(a))


def attested(word: str) -> bool:
    return normalize_letters(word) in LEX.strong


# Perfect tense and copula ---------------------------------------------------------

PARTICIPLES = every(
    (p for p in LEX.participles if not p.startswith("ن") and len(p) >= 4 and p in LEX.counts), 80
)


class TestPerfectEndingsAndCopula:
    @pytest.mark.parametrize("participle", PARTICIPLES)
    def test_a_participle_is_found_under_every_ending_however_joined(self, participle):
        for ending in COPULAS:
            forms = [participle + ZWNJ + ending]
            # Joined, «Xته‌ای» and «Xت‌های» are one string, read by frequency
            # (tests/test_text.py); every other ending is unambiguous.
            if ending != "ای":
                forms.append(participle + ending)
            for form in forms:
                if not attested(form.replace(ZWNJ, "")):
                    assert search_key(form) == search_key(participle), form
            assert search_key(f"{participle} {ending}").split()[0] == search_key(participle)

    @pytest.mark.parametrize(
        ("word", "base"),
        [
            ("کرده‌اند", "کرده"),
            ("کرده اند", "کرده"),
            ("کردهاند", "کرده"),
            ("خورده‌است", "خورده"),
            ("گفته‌است", "گفته"),
            ("شده‌اند", "شده"),
            ("بوده‌ایم", "بوده"),
            ("رفته‌اید", "رفته"),
            ("دیده‌ام", "دیده"),
            ("آماده‌اند", "آماده"),
            ("آمادهاند", "آماده"),
            ("خسته‌ام", "خسته"),
            ("نگران‌اند", "نگران"),
            ("نگرانند", "نگران"),
            ("معتقدند", "معتقد"),
            ("مجبورند", "مجبور"),
            ("امیدوارند", "امیدوار"),
            ("موافق‌ایم", "موافق"),
            ("حاضر‌اید", "حاضر"),
            ("زیباست", "زیبا"),
            ("اینجاست", "اینجا"),
        ],
    )
    def test_the_ending_leaves_the_word(self, word, base):
        assert search_key(word).split()[0] == search_key(base)

    @pytest.mark.parametrize(
        ("query", "stored"),
        [
            ("کرده", "کرده‌اند"),
            ("کرده", "کرده اند"),
            ("کرده", "کردهاند"),
            ("خورده", "غذا خورده‌است"),
            ("اعلام کرده", "ایران اعلام کرده‌اند"),
            ('"اعلام کرده"', "ایران اعلام کرده‌اند"),
            ('"اعلام کرده"', "ایران اعلام کردهاند"),
            ('"اعلام کرده"', "ایران اعلام کرده است"),
            ("کرده‌اند", "کرده اند"),
            ("کرده اند", "کرده‌اند"),
            ("کرده اند", "کردهاند"),
            ("نگران", "مردم نگران‌اند"),
            ('"اعلام کرده اند"', "ایران اعلام کرده‌اند"),
            ('"اعلام کرده اند"', "ایران اعلام کردهاند"),
            ("«اعلام کرده‌اند»", "ایران اعلام کرده است"),
            ('"مردم نگران اند"', "مردم نگران‌اند"),
            ('"اعلام می کند"', "ایران اعلام می‌کند"),
        ],
    )
    def test_a_query_finds_the_perfect_however_typed(self, query, stored):
        assert finds(query, stored)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            # verbs that end like the copula
            ("بماند", "بم"),
            ("بداند", "بد"),
            ("نماند", "نم"),
            ("برساند", "برس"),
            ("زنند", "زن"),
            ("گیرند", "گیر"),
            ("سازند", "ساز"),
            ("برگردانند", "برگردان"),
            # words that end in an ending
            ("کلام", "کل"),
            ("پیام", "پی"),
            ("الهام", "اله"),
            ("اسلام", "اسل"),
            ("سیاست", "سیا"),
            ("ریاست", "ریا"),
            ("درخواست", "درخو"),
            ("دوست", "دو"),
            ("اولاند", "اول"),
            ("هسته‌ای", "هسته"),
            ("سی‌ام", "سی"),
            ("کدام", "کد"),
            # different tenses stay different words
            ("کردند", "کرده"),
            ("کرد", "کرده"),
        ],
    )
    def test_it_does_not_conflate_words_that_end_like_an_ending(self, a, b):
        assert_apart(a, b)


# The «ان» plural ------------------------------------------------------------------

AN_NOUNS = every(
    (
        w
        for w in LEX.nominal
        if len(w) >= 3
        and LEX.counts.get(w, 0) >= 1_000_000
        and w not in LEX.function_words
        and w + "ان" not in LEX.strong
        and w + "ان" not in text._NOT_PLURALS
        and not w.endswith(("ه", "ا", "و", "ی"))
    ),
    150,
)
# Attested words in «ان» whose first letters are a noun: they keep their «ان».
AN_WORDS = every(
    (
        w
        for w in LEX.strong
        if w.endswith("ان") and len(w) >= 4 and w[:-2] in LEX.nominal and w not in LEX.plural
    ),
    150,
)


class TestAnPlurals:
    @pytest.mark.parametrize("noun", AN_NOUNS)
    def test_a_noun_is_found_under_its_an_plural(self, noun):
        assert search_key(noun + "ان") == search_key(noun)

    @pytest.mark.parametrize(
        ("plural", "singular"),
        [
            ("زنان", "زن"),
            ("شاهدان", "شاهد"),
            ("کودکان", "کودک"),
            ("سران", "سر"),
            ("مردان", "مرد"),
            ("سربازان", "سرباز"),
            ("درختان", "درخت"),
            ("نظامیان", "نظامی"),
            ("ایرانیان", "ایرانی"),
            ("آمریکاییان", "آمریکایی"),
            ("نمایندگان", "نماینده"),
            ("رزمندگان", "رزمنده"),
            ("دانشجویان", "دانشجو"),
            ("فرماندهان", "فرمانده"),
            ("زنانشان", "زن"),
        ],
    )
    def test_news_plurals_find_their_singular(self, plural, singular):
        assert search_key(plural) == search_key(singular)

    def test_women_and_children_are_found_by_woman_and_child(self):
        assert finds("زن", "زنان و کودکان")
        assert finds("کودک", "زنان و کودکان")
        assert finds("زنان", "یک زن و یک کودک")

    @pytest.mark.parametrize("word", AN_WORDS)
    def test_an_attested_word_in_an_keeps_it(self, word):
        assert search_key(word) == word
        assert_apart(word, word[:-2])

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("مردم", "مرد"),
            ("سازمان", "ساز"),
            ("روسای", "روس"),
            ("کشتی", "کشت"),
            ("ایران", "ایر"),
            ("میدان", "مید"),
            ("جوان", "جو"),
            ("باران", "بار"),
            ("آسمان", "آسم"),
            ("زمان", "زم"),
            ("جهان", "جه"),
            ("پایان", "پای"),
            ("دوران", "دور"),
            ("طالبان", "طالب"),
            ("آبادان", "آباد"),
            ("زاهدان", "زاهد"),
            ("ضربان", "ضرب"),
            ("ارگان", "ارگ"),
            ("یزدان", "یزد"),
            ("آنان", "آن"),
            ("یگان", "یه"),
            ("گروگان", "گروه"),
            ("پایانی", "پای"),
            ("زمانی", "زم"),
            ("انسانی", "انس"),
            ("قربانی", "قرب"),
            ("میانی", "می"),
            ("حقانی", "حق"),
            ("بارزانی", "بارز"),
            ("جولیانی", "جولی"),
            ("یزدانی", "یزد"),
        ],
    )
    def test_it_does_not_conflate_words_in_an_with_their_first_letters(self, a, b):
        assert_apart(a, b)


# Comparatives and superlatives ------------------------------------------------------

ADJECTIVES = every(
    (
        w
        for w in LEX.adjectives
        if len(w) >= 3
        and LEX.counts.get(w, 0) >= 1_000_000
        and w + "تر" not in LEX.strong
        and w + "ترین" not in LEX.strong
    ),
    120,
)
# Attested words in «تر» whose first letters are an adjective («دفتر», «بستر»).
TAR_WORDS = every(
    (
        w
        for w in LEX.strong
        if w.endswith(("تر", "ترین")) and w[: -2 if w.endswith("تر") else -4] in LEX.adjectives
    ),
    80,
)


class TestComparatives:
    @pytest.mark.parametrize("adjective", ADJECTIVES)
    def test_an_adjective_is_found_under_its_comparative_and_superlative(self, adjective):
        for form in ("تر", ZWNJ + "تر", "ترین", ZWNJ + "ترین", " تر", " ترین"):
            assert search_key(adjective + form).split()[0] == search_key(adjective), form

    @pytest.mark.parametrize(
        ("form", "adjective"),
        [
            ("بزرگتر", "بزرگ"),
            ("بزرگ‌تر", "بزرگ"),
            ("بزرگترین", "بزرگ"),
            ("بزرگ‌ترین", "بزرگ"),
            ("مهم‌ترین", "مهم"),
            ("قوی‌تر", "قوی"),
            ("پیشرفته‌ترین", "پیشرفته"),
            ("جدیدترین", "جدید"),
            ("نزدیک‌تر", "نزدیک"),
            ("خطرناک‌ترین‌ها", "خطرناک"),
            ("بزرگترهای", "بزرگ"),
            ("قدیمی‌ترین", "قدیمی"),
            ("نظامی‌تر", "نظامی"),
        ],
    )
    def test_news_comparatives_find_their_adjective(self, form, adjective):
        assert search_key(form) == search_key(adjective)

    @pytest.mark.parametrize("word", TAR_WORDS)
    def test_an_attested_word_in_tar_keeps_it(self, word):
        assert search_key(word) == word

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("دختر", "دخ"),
            ("کبوتر", "کبو"),
            ("بستر", "بس"),
            ("دفتر", "دف"),
            ("چتر", "چ"),
            ("اختر", "اخ"),
            ("شتر", "ش"),
            ("فیلتر", "فیل"),
            ("دکترین", "دک"),
            ("دکترین", "دکتر"),
            ("مستر", "مس"),
            ("کاترین", "کا"),
            ("کامپیوتر", "کامپیو"),
            ("رویتر", "روی"),
            ("کیلومتر", "کیلوم"),
            ("برترین", "بر"),
            ("کهتر", "که"),
        ],
    )
    def test_it_does_not_conflate_words_that_end_in_tar(self, a, b):
        assert_apart(a, b)


# Runs of one letter ------------------------------------------------------------------

# Frequent words with no letter written twice in a row, and frequent words
# with one (which a run of three must not lose).
PLAIN_WORDS = every(
    (
        w
        for w in LEX.strong
        if 4 <= len(w) <= 8 and LEX.counts.get(w, 0) >= 5_000_000 and all(a != b for a, b in pairwise(w))
    ),
    80,
)
DOUBLED_WORDS = every(
    (
        w
        for w in LEX.strong
        if 3 <= len(w) <= 8
        and LEX.counts.get(w, 0) >= 100_000
        and any(a == b for a, b in pairwise(w))
        and not any(a == b == c for a, b, c in zip(w, w[1:], w[2:], strict=False))
    ),
    60,
)


class TestRepeatedLetters:
    @pytest.mark.parametrize("word", PLAIN_WORDS)
    def test_a_stretched_letter_finds_the_word(self, word):
        middle = len(word) // 2
        for times in (3, 5):
            stretched = word[:middle] + word[middle] * times + word[middle + 1 :]
            assert search_key(stretched) == search_key(word), stretched

    @pytest.mark.parametrize(
        ("stretched", "word"),
        [("خیییلی", "خیلی"), ("سلامممم", "سلام"), ("بزرگگگگ", "بزرگ"), ("خییییییلی", "خیلی")],
    )
    def test_news_flourishes_collapse(self, stretched, word):
        assert search_key(stretched) == search_key(word)

    @pytest.mark.parametrize("word", DOUBLED_WORDS)
    def test_a_letter_written_twice_stays_twice(self, word):
        pair = next(i for i in range(len(word) - 1) if word[i] == word[i + 1])
        assert word[pair] * 2 in search_key(word)
        assert_apart(word, word[:pair] + word[pair + 1 :])

    def test_digits_latin_and_long_blobs_are_not_collapsed(self):
        assert search_key("1000") == "1000"
        assert search_key("www") == "www"
        assert search_key("۱۱۱۱") == "1111"
        assert search_key("ب" * 500) == "ب" * 500


# Rare letter forms -------------------------------------------------------------------

# hazm's Normalizer table, less what are not letters (quotes, the space).
HAZM_FOLDS = [(s, d) for s, d in zip(TRANSLATION_SRC, TRANSLATION_DST, strict=True) if d.strip() and d != '"']


class TestRareLetterForms:
    @pytest.mark.parametrize(("rare", "plain"), HAZM_FOLDS)
    def test_it_folds_every_letter_hazm_folds(self, rare, plain):
        assert normalize_letters(rare) == normalize_letters(plain)

    @pytest.mark.parametrize(
        ("typed", "word"),
        [
            ("ڪشور", "کشور"),
            ("ڰروه", "گروه"),
            ("ګروه", "کروه"),
            ("ٻرنامه", "برنامه"),
            ("ۅزیر", "وزیر"),
            ("ڤیروس", "فیروس"),
            ("دڕیا", "دریا"),
            ("ٹانک", "تانک"),
            ("ںیرو", "نیرو"),
            ("ۃ", "ه"),
            ("ٵمریکا", "آمریکا"),
            ("﷽", "بسم الله الرحمن الرحیم"),
        ],
    )
    def test_words_typed_with_rare_forms_meet_the_plain_word(self, typed, word):
        assert search_key(typed) == search_key(word)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("گرد", "کرد"),
            ("پاک", "باک"),
            ("چنگ", "جنگ"),
            ("ژرف", "زرف"),
            ("حال", "خال"),
            ("سیر", "شیر"),
            ("صبا", "ضبا"),
            ("طرف", "ظرف"),
            ("عرب", "غرب"),
            ("فرق", "قرق"),
            ("ثابت", "تابت"),
            ("دور", "ذور"),
        ],
    )
    def test_distinct_persian_letters_stay_distinct(self, a, b):
        assert_apart(a, b)


# Joined and split compounds ----------------------------------------------------------

# hazm's ZWNJ compounds of two attested halves of three letters or more.
LISTED_COMPOUNDS = every(
    (
        (left, right)
        for pairs in LEX.compounds.values()
        for left, right in pairs
        if len(left) >= 3 and len(right) >= 3 and left in LEX.strong and right in LEX.strong
    ),
    60,
)


class TestJoinedAndSplitCompounds:
    @pytest.mark.parametrize(("left", "right"), LISTED_COMPOUNDS)
    def test_a_listed_compound_is_found_however_it_is_joined(self, left, right):
        joined, zwnj, apart = left + right, left + ZWNJ + right, f"{left} {right}"
        for query in (joined, zwnj, apart):
            for stored in (joined, zwnj, apart):
                assert finds(query, f"خبر {stored} امروز"), (query, stored)

    @pytest.mark.parametrize(
        ("joined", "apart"),
        [
            ("کارخانه", "کار خانه"),
            ("وزارتخانه", "وزارت خانه"),
            ("پیشنهاد", "پیش نهاد"),
            ("دانشگاه", "دانش گاه"),
            ("ناوشکن", "ناو شکن"),
            ("عبدالله", "عبد الله"),
            ("نصرالله", "نصر الله"),
            ("محمدرضا", "محمد رضا"),
            ("حسناف", "حسن اف"),
            ("بینالمللی", "بین المللی"),
            ("بازگشت", "باز گشت"),
            ("درآمد", "در آمد"),
            ("فراخواند", "فرا خواند"),
            ("برمی‌گردد", "بر می‌گردد"),
            ("برمیگردد", "بر میگردد"),
            ("دانش‌آموزان", "دانش آموزان"),
            ("دانشآموزان", "دانش آموزان"),
        ],
    )
    def test_a_compound_typed_joined_finds_it_apart_and_the_reverse(self, joined, apart):
        assert finds(joined, f"گزارش {apart} امروز")
        assert finds(apart, f"گزارش {joined} امروز")

    @pytest.mark.parametrize(
        ("query", "stored"),
        [
            ("«وزارت خانه»", "سخنگوی وزارتخانه"),
            ("«وزارتخانه»", "سخنگوی وزارت خانه"),
            ('"بزرگ ترین رزمایش"', "بزرگترین رزمایش"),
            ('"زنان و کودکان"', "یک زن و کودک"),
        ],
    )
    def test_a_quoted_phrase_finds_its_words_however_joined(self, query, stored):
        assert finds(query, stored)

    @pytest.mark.parametrize("query", ["بر می گردد", "بر می‌گردد", "برمی گردد", "بر میگردد"])
    def test_a_verb_typed_in_parts_finds_it_joined(self, query):
        assert finds(query, "او برمی‌گردد")
        assert finds(query, "او برمیگردد")

    @pytest.mark.parametrize(
        "word",
        [
            "سازمان",
            "مردم",
            "ایران",
            "جهان",
            "میدان",
            "زمان",
            "کشور",
            "خانواده",
            "برادر",
            "نامه",
            "باران",
            "کرده",
            "استاندارد",
            "سیزده",
            "موجود",
            "تهدید",
        ],
    )
    def test_an_attested_word_that_is_no_compound_is_not_split(self, word):
        assert split_candidates(search_key(word)) == []

    @pytest.mark.parametrize(
        ("query", "stored"),
        [
            ("سازمان", "ساز مان"),
            ("مردم", "مرد م"),
            ("ساز", "سازمان"),
            ("مرد", "مردم"),
            ("کار", "کارخانه"),
            ("خانه", "کارخانه"),
        ],
    )
    def test_a_compound_or_its_part_does_not_find_the_other(self, query, stored):
        assert not finds(query, stored)
