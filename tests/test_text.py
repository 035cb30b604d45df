"""The Persian analyzer: search keys, display text, digits and splits."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.text import (
    KEY_VERSION,
    display_text,
    letters,
    normalize_letters,
    search_key,
    split_candidates,
    to_ascii_digits,
    to_persian_digits,
)

SEED = Path("/work/shared/seed/000_d007357434d08b62.txt")
ZWNJ = "\u200c"


def assert_all_meet(*spellings: str) -> None:
    keys = {spelling: search_key(spelling) for spelling in spellings}
    assert len(set(keys.values())) == 1, keys


def assert_apart(a: str, b: str) -> None:
    assert search_key(a) != search_key(b), (a, b, search_key(a))


def test_it_has_a_key_version():
    assert isinstance(KEY_VERSION, int) and KEY_VERSION >= 1


# Orthography


def test_it_unifies_arabic_yeh_and_kaf():
    assert_all_meet("کریمی", "كريمي", "کريمى")
    assert_all_meet("کتاب", "كتاب", "ڪتاب")


def test_it_unifies_teh_marbuta_and_heh_with_hamza():
    assert_all_meet("خانه", "خانۀ", "خانهٔ", "خانة")


def test_it_unifies_hamza_on_alef_and_madda():
    assert_all_meet("تاثیر", "تأثیر", "تإثیر", "تٱثیر")
    assert_all_meet("آمریکا", "امریکا", "أمریکا")


def test_it_unifies_hamza_on_waw():
    assert_all_meet("موسسه", "مؤسسه", "مؤسّسه")
    assert_all_meet("مسئول", "مسؤول", "مسوول")


def test_it_unifies_the_spellings_of_heyat():
    assert_all_meet("هیئت", "هیأت", "هیات", "هيئت")


def test_it_unifies_the_spellings_of_rais():
    assert_all_meet("رئیس", "رییس", "ریيس", "رئيس")


def test_it_unifies_yeh_hamza_after_alef_and_before_a_consonant():
    assert_all_meet("مسائل", "مسایل", "مسائل")
    assert_all_meet("مسئله", "مسأله", "مساله")


def test_it_drops_a_standalone_hamza():
    assert_all_meet("اجزاء", "اجزا", "اجزاء")


def test_it_removes_diacritics_and_tatweel():
    assert_all_meet("دفاع", "دِفاع", "دفـــاع", "دِفاعْ")
    assert_all_meet("محمد", "مُحَمَّد", "محمّد")
    assert_all_meet("جدا", "جداً", "جدًا")
    assert_all_meet("رحمن", "رحمٰن", "رَحمٰن")


def test_it_folds_presentation_forms():
    # U+FEFB is the isolated lam-alef ligature, U+FEEA an isolated heh.
    assert_all_meet("لا", "\ufefb", "ﻟﺎ")
    assert_all_meet("خانه", "خان\ufeea")


def test_it_removes_invisible_marks():
    for mark in ("\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad"):
        assert search_key(f"دف{mark}اع") == search_key("دفاع")


def test_it_unifies_digits_in_three_scripts():
    assert_all_meet("۱۳۹۹", "١٣٩٩", "1399")
    assert search_key("۲۰۲۰") == "2020"


def test_it_casefolds_latin():
    assert_all_meet("Shoigu", "SHOIGU", "shoigu", "ShoiGu")
    assert search_key("Straße") == search_key("STRASSE")


def test_it_treats_zwnj_and_no_zwnj_as_the_same_word():
    assert_all_meet("می‌شناسد", "میشناسد")
    assert_all_meet("بین‌المللی", "بینالمللی")
    assert_all_meet("حسن‌اف", "حسناف")
    assert search_key("بین‌المللی") == "بینالمللی"
    assert search_key("حسن‌اف") == "حسناف"


def test_it_keeps_one_token_per_word_and_drops_punctuation():
    assert search_key("«وزیر دفاع»، گفت: بله!") == "وزیر دفاع گفت بله"
    assert len(search_key("ذاکر حسن اف، وزیر دفاع").split()) == 5


def test_it_returns_an_empty_key_for_text_without_words():
    assert search_key("") == ""
    assert search_key(" ، . ! «» ") == ""


# Inflection


def test_it_finds_the_singular_of_plurals_in_ha():
    assert_all_meet("کتاب", "کتاب‌ها", "کتابها", "کتاب‌های", "کتابهای", "کتاب‌هایی")
    assert_all_meet("سازمان", "سازمان‌های", "سازمانهای", "سازمانها")
    assert_all_meet("زمینه", "زمینه‌ها", "زمینهها")
    assert_all_meet("خانواده", "خانواده‌های", "خانوادههای")


def test_it_finds_the_singular_of_plurals_in_an_and_at():
    assert search_key("نظامیان") == search_key("نظامی")
    assert search_key("نمایندگان") == search_key("نماینده")
    assert search_key("دانشجویان") == search_key("دانشجو")
    assert search_key("اقدامات") == search_key("اقدام")
    assert search_key("کلمات") == search_key("کلمه")


def test_it_finds_the_word_under_an_ezafe():
    assert_all_meet("خانه", "خانه‌ی", "خانه‌ي", "خانهی", "خانۀ", "خانهٔ")
    assert search_key("دانشجوی") == search_key("دانشجو")


def test_it_strips_safe_enclitics():
    assert search_key("دفاعش") == search_key("دفاع")
    assert search_key("کشورشان") == search_key("کشور")
    assert search_key("کتاب‌هایشان") == search_key("کتاب")
    assert search_key("خانه‌اش") == search_key("خانه")


def test_it_reads_he_plus_ey_by_frequency_when_zwnj_is_missing():
    assert search_key("روزهای") == search_key("روز")
    assert search_key("منطقهای") == search_key("منطقه")
    assert search_key("خانهای") == search_key("خانه")


def test_it_drops_verb_prefixes():
    assert_all_meet("گوید", "می‌گوید", "میگوید", "نمی‌گوید", "نمیگوید", "مي‌گويد")
    assert_all_meet("شناسد", "می‌شناسد", "میشناسد")
    assert_all_meet("کند", "می‌کند", "میکند")
    assert_all_meet("آید", "می‌آید", "میآید", "میاید")


def test_it_keeps_different_verb_forms_apart():
    assert_apart("می‌گوید", "می‌گویند")
    assert_apart("می‌گفت", "می‌گوید")


# False conflations


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("روسای", "روس"),
        ("رؤسای", "روس"),
        ("مردم", "مرد"),
        ("سازمان", "ساز"),
        ("ایران", "ایر"),
        ("جهان", "جه"),
        ("میدان", "دان"),
        ("میز", "ز"),
        ("میزان", "زان"),
        ("تنها", "تن"),
        ("ماهی", "ماه"),
        ("راهی", "راه"),
        ("عملیات", "عملی"),
        ("زمان", "زم"),
        ("طالبان", "طالب"),
        ("ارتش", "ارت"),
        ("کارت", "کار"),
        ("هسته‌ای", "هسته"),
        ("انتها", "انت"),
        ("میدانی", "دانی"),
    ],
)
def test_it_does_not_conflate_different_words(a, b):
    assert_apart(a, b)


def test_it_keeps_attested_words_as_they_are():
    for word in ("سازمان", "مردم", "ایران", "جهان", "میدان", "میز", "تنها", "ارتش"):
        assert search_key(word) == normalize_letters(word)


def test_it_keys_the_heads_of_state_as_heads():
    assert_all_meet("روسای", "رؤسای", "روسا", "رؤسا")
    assert search_key("روسای") != search_key("روسیه")


def test_it_leaves_unknown_names_alone():
    for name in ("شویگو", "حسناف", "تووز", "ارمنستان"):
        assert search_key(name) == normalize_letters(name)


# The seed article


def test_it_keys_the_words_of_the_seed_article_as_expected():
    keys = search_key(SEED.read_text(encoding="utf-8")).split()
    for expected in ("بینالمللی", "شناسد", "خانواده", "زمینه", "سازمان", "روسا", "کشور"):
        assert expected in keys
    for unexpected in ("خانوادههای", "زمینهها", "سازمانهای", "میشناسد", "روس"):
        assert unexpected not in keys
    assert search_key("روسای جمهور") in " ".join(keys)
    assert search_key("سازمان‌های بین‌المللی") in " ".join(keys)


def test_it_keys_the_seed_article_with_one_token_per_word():
    text = SEED.read_text(encoding="utf-8")
    words = [word for word in text.split() if any(ch.isalnum() for ch in word)]
    assert len(search_key(text).split()) == len(words)
    assert "ذاکر حسناف" not in search_key(text)
    assert "ذاکر حسن اف" in search_key(text)


# Display text


def test_display_text_uses_persian_yeh_and_kaf():
    assert display_text("علي كريمي") == "علی کریمی"


def test_display_text_leaves_dates_and_numbers_intact():
    for text in ("۱۳۹۹/۰۵/۲۲", "1399/05/22", "۳٫۵ درصد", "3.5", "12:30", "1,000", "۱۲۳۴۵"):
        assert display_text(text) == text
    assert display_text("در تاریخ ۱۳۹۹/۰۵/۲۲ گفت") == "در تاریخ ۱۳۹۹/۰۵/۲۲ گفت"


def test_display_text_leaves_latin_names_and_urls_alone():
    text = "Sergei Shoigu و F-16 و www.mod.gov.az و U.S."
    assert display_text(text) == text


def test_display_text_does_not_invent_verb_prefixes():
    assert display_text("میدانی") == "میدانی"
    assert display_text("عملیات میدانی ارتش") == "عملیات میدانی ارتش"


def test_display_text_tidies_spacing_around_punctuation():
    assert display_text("گفت : «سلام» .بله ،خوب") == "گفت: «سلام». بله، خوب"
    assert display_text("( روسیه )") == "(روسیه)"
    assert display_text("دو  کشور") == "دو کشور"


def test_display_text_keeps_line_breaks():
    assert display_text("عنوان\n\nمتن") == "عنوان\n\nمتن"


# Digits


def test_to_ascii_digits_converts_persian_and_arabic_indic():
    assert to_ascii_digits("۱۳۹۹/۰۵/۲۲ و ١٤٢٠") == "1399/05/22 و 1420"


def test_to_persian_digits_converts_ascii_and_arabic_indic():
    assert to_persian_digits("1399/05/22 و ١٤٢٠") == "۱۳۹۹/۰۵/۲۲ و ۱۴۲۰"


def test_digit_conversion_round_trips():
    assert to_ascii_digits(to_persian_digits("0123456789")) == "0123456789"


# normalize_letters


def test_normalize_letters_unifies_without_stemming():
    assert normalize_letters("كتاب‌هاي هیئت") == "کتابهای هیات"
    assert normalize_letters("می‌گوید، ۱۲") == "میگوید، 12"


# split_candidates


def test_split_candidates_splits_a_known_compound():
    assert ("بین", "المللی") in split_candidates(search_key("بینالمللی"))
    assert split_candidates("کتابخانه")[0] == ("کتاب", "خانه")


def test_split_candidates_can_split_an_unknown_joined_name():
    assert ("حسن", "اف") in split_candidates("حسناف")


def test_split_candidates_does_not_split_attested_words():
    assert split_candidates("سازمان") == []
    assert split_candidates("مردم") == []


def test_split_candidates_is_bounded_and_safe():
    assert split_candidates("") == []
    assert split_candidates("shoigu") == []
    assert len(split_candidates("ب" * 10_000)) <= 4
    for left, right in split_candidates("بینالمللی"):
        assert left and right and " " not in left + right


# Properties

_PERSIAN_ALPHABET = "ءآأؤإئابةتثجحخدذرزسشصضطظعغـفقكلمنهوىيًٌٍَُِّْٰپچژکگۀیی‌‍۰۱۹٠٩ "
_hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=_PERSIAN_ALPHABET + "ab. ،"),
    st.lists(st.sampled_from(["کتاب", "ها", "می", "‌", "ی", "ای", "هیئت", "ان", " "])).map("".join),
)
_FORBIDDEN = set("\u200cيكئؤأإآةۀىـ") | {chr(cp) for cp in range(0x064B, 0x0660)} | {"\u0670"}


@settings(max_examples=400, deadline=None)
@given(_hostile_text)
def test_search_key_never_raises_and_is_idempotent(text):
    key = search_key(text)
    assert search_key(key) == key
    assert not (set(key) & _FORBIDDEN)
    assert "  " not in key and key == key.strip()


@settings(max_examples=200, deadline=None)
@given(_hostile_text)
def test_display_text_and_splits_never_raise(text):
    display_text(text)
    normalize_letters(text)
    for token in search_key(text).split():
        split_candidates(token)


# Characters the letter tables map, Persian and Latin letters, spaces, ZWNJ and punctuation:
# the runs the translation finds begin, end and touch anywhere among them.
_MIXED = st.text(
    alphabet=st.sampled_from(
        sorted({chr(code) for code in letters._LETTERS_KEEPING_ZWNJ} | set("ابپتسشکگیه مرزA b.،؛\u200c\n"))
    ),
    max_size=60,
)


@given(_MIXED)
@settings(max_examples=400)
def test_the_translation_by_runs_is_str_translate(value):
    assert letters.LETTERS(value) == value.translate(letters._LETTERS)
    assert letters.LETTERS_KEEPING_ZWNJ(value) == value.translate(letters._LETTERS_KEEPING_ZWNJ)


def test_the_translation_by_runs_is_str_translate_on_the_seed_article():
    text = (Path(__file__).resolve().parent.parent / "archive" / "fixtures" / "seed_article.txt").read_text(
        encoding="utf-8"
    )
    arabic = text.replace("ی", "ي").replace("ک", "ك") + " ١٢٣ ﻻ ۀ ة ئ"
    for value in (text, arabic):
        assert letters.LETTERS_KEEPING_ZWNJ(value) == value.translate(letters._LETTERS_KEEPING_ZWNJ)
