"""The Persian text rules: display text and the search key.

Every stored text and every query goes through the same functions here, so
what matches is decided in one place. hazm is used only for its shipped data
(the word list and the verb list, read by `archive.lexicon`), built once per
process, lazily, on first use.

A rule strips an ending only where the lexicon confirms what is left and
does not attest the whole word: «زنان» → «زن», «کرده‌اند» → «کرده»,
«بزرگ‌ترین» → «بزرگ», while «مردم», «سازمان», «ایران», «دفتر» stay. The
classes of forms and their neighbours are tested in tests/test_text_forms.py.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from archive.lexicon import Lexicon
from archive.lexicon import build as build_lexicon

# Bump whenever a rule below changes what a key looks like; the index
# stores it and `rebuild_search_index` rewrites keys of an older version.
KEY_VERSION = 2

ZWNJ = "\u200c"

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, _ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(_ASCII_DIGITS + _ARABIC_DIGITS, _PERSIAN_DIGITS * 2)


# (letters, the Persian letter they fold to): the base letters of hazm's
# Normalizer translation table that NFKC does not already fold; its
# presentation forms reach these through NFKC.
_RARE_FORMS: tuple[tuple[str, str], ...] = (
    ("ؠؽؾؿێۑݵݶݷݺݻࢨࢩࢬࢺ", "ی"),
    ("ػګڬڭڮݢݣݤݿࢴ", "ک"),
    ("ٮٻڀݐݑݒݓݔݕݖࢠࢡࢶ", "ب"),
    ("ࢷ", "پ"),
    ("ٹٺټٽٿࢸ", "ت"),
    ("ࢢ", "ج"),
    ("ځڂڅݗݘݮݯݲݼڄڃ", "ح"),
    ("ڇڿ", "چ"),
    ("ڈډڊڋڌڍڎڏڐۮݙݚࢮ", "د"),
    ("ڑڒړڔڕږڗڙۯݛݫݬݱࢪࢹ", "ر"),
    ("ࢲ", "ز"),
    ("ښڛڜݜݭݰݽݾ", "س"),
    ("ۺ", "ش"),
    ("ڝڞࢯ", "ص"),
    ("ۻ", "ض"),
    ("ڟࢣ", "ط"),
    ("ڠݝݞݟࢳ", "ع"),
    ("ۼ", "غ"),
    ("ڡڢڣڤڥڦݠݡࢤࢻ", "ف"),
    ("ٯڧڨࢥࢼ", "ق"),
    ("ڰڱڲڳڴࢰ", "گ"),
    ("ڵڶڷڸݪࢦ", "ل"),
    ("ݥݦࢧ", "م"),
    ("ڹںڻڼڽݧݨݩࢽ", "ن"),
    ("ۇۄۅۆۈۉۊۋۏݸݹࢫࢱ", "و"),
    ("ۃۿ", "ه"),
    ("ݳݴ", "ا"),
)


def _letters_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}

    def put(chars: str, to: str | None) -> None:
        for ch in chars:
            table[ord(ch)] = to

    # Arabic and regional forms of yeh and kaf are one letter to a reader.
    put("يىۍېےۓ", "ی")
    put("كڪ", "ک")
    # Teh marbuta, heh with hamza (ۀ, also what NFKC makes of «هٔ») and the
    # other heh shapes all end a word that Persian writes with «ه».
    put("ةۀەہھۂ", "ه")
    # Hamza and madda on alef are spellings of one vowel carrier.
    put("أإٱآٲٳ", "ا")
    put("ؤ", "و")
    # A free-standing hamza is routinely dropped («اجزاء» = «اجزا»), and so
    # is the high hamza that NFKC leaves of «ٵ», «ٶ», «ٷ», «ٸ».
    put("ء\u0674", None)
    # Letters of other languages written in Arabic script (Urdu, Pashto,
    # Sindhi, Kurdish…) that turn up in copied text and in OCR for their
    # Persian look-alikes: folded as hazm's Normalizer folds them.
    for chars, to in _RARE_FORMS:
        put(chars, to)
    # Vowel marks, tanwin, shadda, sukun, hamza/madda marks, superscript
    # alef, Quranic annotation marks and tatweel never change the word.
    for cp in range(0x064B, 0x0660):
        table[cp] = None
    for cp in (0x0670, 0x0640, *range(0x06D6, 0x06EE)):
        table[cp] = None
    # Invisible marks: ZWNJ (the word is keyed joined, whether typed with
    # ZWNJ or without), ZWJ, bidi controls, BOM, soft hyphen, and the
    # combining dot that casefolding «İ» leaves behind.
    for cp in (0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD, 0x0307):
        table[cp] = None
    for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[cp] = None
    # A zero-width space separates words, so it reads as a space.
    table[0x200B] = " "
    # The one ligature NFKC leaves whole (hazm spells it out too).
    table[0xFDFD] = "بسم الله الرحمن الرحیم"
    for i in range(10):
        table[ord(_PERSIAN_DIGITS[i])] = _ASCII_DIGITS[i]
        table[ord(_ARABIC_DIGITS[i])] = _ASCII_DIGITS[i]
    return table


_LETTERS = _letters_table()
# The same for the search key, which keeps ZWNJ until each word is keyed: it
# marks where a verb ending or the copula was written as a suffix
# («نگران‌اند»), and the word is then keyed joined.
_LETTERS_KEEPING_ZWNJ = {**_LETTERS, 0x200C: ZWNJ}

# Yeh with hamza («ئ») is the one carrier whose plain spelling depends on its
# neighbours, so it is settled after the table, with them in view:
# «مسائل»/«مسایل», «رئیس»/«رییس», «مسئول»/«مسؤول»/«مسوول»,
# «هیئت»/«هیأت»/«هیات», «مسئله»/«مسأله»/«مساله».
_YEH_HAMZA = re.compile("(.?)ئ(.?)", re.DOTALL)
_CONSONANTS = frozenset("بپتثجچحخدذرزژسشصضطظعغفقکگلمنه")


def _settle_yeh_hamza(m: re.Match[str]) -> str:
    before, after = m.group(1), m.group(2)
    if before == "ا":
        seat = "ی"  # «مسائل» → «مسایل», «ارائه» → «ارایه»
    elif after == "و":
        seat = "و"  # «مسئول» → «مسوول», like «مسؤول»
    elif after in _CONSONANTS:
        seat = "ا"  # «هیئت» → «هیات», «مسئله» → «مساله», like «هیأت», «مسأله»
    else:
        seat = "ی"  # «رئیس» → «رییس», «جزئی» → «جزیی»
    return before + seat + after


def _nfkc(text: str) -> str:
    # The quick check is much cheaper than normalizing text that already is.
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalize_letters(text: str) -> str:
    """Unify letter forms, digits, diacritics and invisible marks; no stemming.

    Presentation forms go through NFKC, Latin is casefolded, Arabic yeh/kaf
    and hamza carriers become their Persian plain forms, Persian and
    Arabic-Indic digits become ASCII, diacritics and tatweel are removed and
    ZWNJ is removed (joining the word). Spaces and punctuation are kept.
    """
    return _normalize(text, _LETTERS)


def _normalize(text: str, table: dict[int, str | None]) -> str:
    # NFKC twice: casefolding can leave text that is no longer NFKC.
    text = _nfkc(_nfkc(text).casefold()).translate(table)
    # Removing an invisible mark can bring a letter and its accent together
    # («e», ZWNJ, U+0301), which NFKC would then compose.
    text = _nfkc(text)
    if "ئ" in text:
        text = _YEH_HAMZA.sub(_settle_yeh_hamza, text)
        # Overlapping matches («ئئ») leave a second carrier for another pass.
        while "ئ" in text:
            text = _YEH_HAMZA.sub(_settle_yeh_hamza, text)
    return text


def to_ascii_digits(text: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; nothing else."""
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str) -> str:
    """ASCII and Arabic-Indic digits to Persian (۰-۹); nothing else."""
    return text.translate(_TO_PERSIAN_DIGITS)


# ---------------------------------------------------------------------------
# Display text

_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+([،؛؟!.:,;?)\]»])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[«])[ \t]+")
# Only before a Persian letter: a Latin or digit neighbour may be a URL,
# an abbreviation («U.S.»), a time («12:30»), a date or a decimal.
_NO_SPACE_AFTER = re.compile(r"([،؛؟!.:,;?)\]»])(?=[آ-یپچژگک«(])")


def display_text(text: str) -> str:
    """Text for reading: Persian yeh and kaf, tidy spacing around punctuation.

    Conservative by design: digits, dates («۱۳۹۹/۰۵/۲۲»), numbers, Latin
    names and the words themselves are never changed. hazm's Normalizer is
    not used because it splits dates («۱۳۹۹ / ۰۵ / ۲۲»), converts digits
    and invents verb prefixes («میدانی» → «می‌دانی»).
    """
    text = text.translate(_DISPLAY)
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1 ", text)
    return _SPACES.sub(" ", text)


# ---------------------------------------------------------------------------
# Lexicon


@cache
def _lexicon() -> Lexicon:
    return build_lexicon(normalize_letters)


def lexicon() -> Lexicon:
    """The lexicon these rules consult, built once per process (tests draw their words from it)."""
    return _lexicon()


# ---------------------------------------------------------------------------
# Stemming one keyed token

_PERSIAN_LETTERS = frozenset("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")


def _normalized_words(words: str) -> frozenset[str]:
    return frozenset(normalize_letters(word) for word in words.split())


# Words hazm's list carries untagged that look like «می» + a verb form but
# are nouns or adjectives in news text («عملیات میدانی»). The verb they
# shadow («می‌دانی», «you know») is rare in news; the adjective is not.
_NOT_VERBS = frozenset({"میدانی", "میمونی"})

# Words hazm's list carries untagged that look like a noun + the plural
# «ان» but are names and words of their own in news text: «طالبان» is not
# «طالب»s, «ضربان» (pulse) is not «ضرب»s, «ارگان» is not «ارگ»s, a city
# is not its namesake («آبادان», «زاهدان», «یزدان»).
_NOT_PLURALS = _normalized_words(
    """
    طالبان شعبان ضربان ربان ارگان یزدان آبادان عبادان زاهدان مکران تفتان
    طیران عطشان غلطان قحطان نعمان گذران الامان ملتان بغلان حسان فرحان
    """
)


class _Suffix(NamedTuple):
    """An ending a base word may carry, and what the base must be to lose it."""

    text: str
    # what is put back on the base («نمایندگان» → «نماینده»)
    restore: str = ""
    # the letters the base may end in («ی» after a vowel), or "!…" those it may not
    after: str = ""
    # "word": any entry of hazm's list; "noun": an attested noun or adjective;
    # "adjective": an attested adjective; "predicate": a past participle or an
    # attested word (what the perfect's endings and the copula follow)
    base: str = "word"


# Plural markers, alone and carrying an ezafe, indefinite «ی» or a
# possessive enclitic. «ان» makes the plural of a noun or adjective only
# («زنان» → «زن», «شاهدان» → «شاهد»; «زمان», «مردم» are attested words and
# never reach these rules); «گان» plurals come from words ending in «ه»
# («نمایندگان» → «نماینده»); Arabic «ات» plurals from a bare word or one
# ending in «ه» («اقدامات» → «اقدام», «کلمات» → «کلمه»), but not after
# «ی», where the plural is a word of its own («عملیات» is not «عملی»).
_HA_SUFFIXES = tuple(_Suffix(text) for text in ("ها", "های", "هایی", "هایش", "هایشان", "هایتان", "هایمان"))
_AN_SUFFIXES = (
    _Suffix("ان", base="noun"),
    _Suffix("یان", base="noun"),
    _Suffix("انش", base="noun"),
    _Suffix("انشان", base="noun"),
    _Suffix("گان", "ه", base="noun"),
)
# Not «انی»: with the indefinite «ی» («کودکانی که…») it is a plural, but as
# often a surname or an adjective of its own («حقانی», «بارزانی», «پایانی»).
_AT_SUFFIXES = (_Suffix("ات", after="!ی"), _Suffix("ات", "ه", after="!ی"))
# Ezafe and indefinite «ی» are written only after a vowel («خانه‌ی»,
# «روسای», «دانشجوی», «خانه‌ای»); possessive enclitics of the third person
# and plural persons are long enough to be safe («دفاعش», «کشورشان»), the
# one-letter «م» and «ت» are not («مردم» ≠ «مرد»).
_ENCLITIC_SUFFIXES = (
    _Suffix("ی", after="اوه"),
    _Suffix("ای", after="ه"),
    _Suffix("یی", after="او"),
    _Suffix("ش", after="!اوه"),
    _Suffix("اش", after="ه"),
    _Suffix("یش", after="او"),
    _Suffix("شان"),
    _Suffix("تان"),
    _Suffix("مان"),
)
# The perfect's endings and the copula, joined to a word ending in a silent
# «ه» («کرده‌اند», «کردهاند», «آماده‌است»): after a past participle or an
# attested word of three letters or more. After other letters the copula
# is joined as «ند» to a noun or adjective («نگرانند», «معتقدند»; verbs such
# as «زنند», «گیرند» are not), and as «ست» after «ا» («زیباست»). Any of
# them written after a ZWNJ is a suffix too (`_key_zwnj_token`). Joined
# after a consonant, the longer endings are as often part of a word
# («اولاند» is Hollande, «لرزاند» a verb) and the shorter ones too
# («کلام», «پیام»), so they stay.
_COPULAS = ("است", "اند", "ایم", "اید", "ام", "ای")
_COPULA_SUFFIXES = (
    *(_Suffix(text, after="ه", base="predicate") for text in _COPULAS),
    _Suffix("ند", after="!اوهی", base="noun"),
    _Suffix("ست", after="ا", base="noun"),
)
# Comparative and superlative, only of an attested adjective of three
# letters or more: «بزرگتر», «بزرگ‌ترین» → «بزرگ», while «دختر», «دفتر»,
# «بستر» are attested words and two-letter «adjectives» are as often the
# start of another word («مستر», «موتر», «دکترین», «کهتر»).
_COMPARATIVE_SUFFIXES = (_Suffix("تر", base="adjective"), _Suffix("ترین", base="adjective"))
# Loanwords the list carries untagged that end like a comparative.
_NOT_COMPARATIVES = frozenset({"فیلتر", "لوستر", "میلیتر", "کلاستر"})

_ALL_SUFFIXES = (
    _HA_SUFFIXES + _AN_SUFFIXES + _AT_SUFFIXES + _ENCLITIC_SUFFIXES + _COPULA_SUFFIXES + _COMPARATIVE_SUFFIXES
)
_LISTED_PLURAL_SUFFIXES = _HA_SUFFIXES[:3] + _HA_SUFFIXES[3:4] + _AT_SUFFIXES
# Untagged list entries are often inflected forms themselves
# («روزهای», «دانشجوی», «زنان», «بزرگتر»), so they lose the endings whose
# base must be attested, an unambiguous «ها» or an ezafe after a vowel;
# their other endings («ات», «ش», «مان») are as often part of the word.
_WEAK_SUFFIXES = (
    _HA_SUFFIXES + _AN_SUFFIXES + _ENCLITIC_SUFFIXES[:2] + _COPULA_SUFFIXES + _COMPARATIVE_SUFFIXES
)
# A stripped stem of two letters is trusted only if hazm's list attests it:
# the untagged entries include fragments such as «جه».
_MIN_BASE = 2


def _fits(base: str, condition: str) -> bool:
    if not condition:
        return True
    if condition.startswith("!"):
        return base[-1] not in condition[1:]
    if condition == "اوه" and base.endswith("ها"):
        # «X‌ها» + «ی» is the plural «های», which has its own entry.
        return False
    if base[-1] == "ه" and base[-2] in "او":
        # «ه» after a long vowel is a consonant (ماه, راه, کوه): «ماهی» is
        # «fish», not «month» + ezafe. Only a silent «ه» takes a written one.
        return False
    return base[-1] in condition


_VERB_PREFIXES = frozenset({"ب", "ن", "می", "نمی"})


def _is_verb(token: str, lex: Lexicon) -> bool:
    # A verb form, bare or behind «ب», «ن», «می» or a word used as a
    # preverb («بر», «در», «فرا»): «بماند», «زنند», «برگردانند», «دریابند»
    # end like the copula but are verbs; «نگرانند» is not «نگ» + «رانند».
    if token in lex.verb_forms:
        return True
    for i in range(1, min(4, len(token) - 2)):
        prefix = token[:i]
        if token[i:] in lex.verb_forms and (prefix in _VERB_PREFIXES or lex.counts.get(prefix, 0) > 0):
            return True
    return False


def _is_nominal(word: str, lex: Lexicon) -> bool:
    # A noun or adjective the list tags, or the untagged adjective in «ی»
    # of one («نظامی» of «نظام», «ایرانی» of «ایران»).
    if word in lex.nominal:
        return True
    return word.endswith("ی") and word in lex.counts and word[:-1] in lex.nominal


def _is_adjective(word: str, lex: Lexicon) -> bool:
    # An adjective the list tags, or the untagged adjective in «ی» of a
    # noun or adjective of three letters or more («قدیمی» of «قدیم»; «روی»
    # is no adjective of «رو», and «رویتر» is Reuters).
    if word in lex.adjectives:
        return True
    return word.endswith("ی") and len(word) > 3 and word in lex.counts and word[:-1] in lex.nominal


def _base_ok(suffix: _Suffix, base: str, token: str, lex: Lexicon) -> bool:
    if suffix.base == "noun":
        if suffix.text in ("ند", "ست"):
            return len(base) > _MIN_BASE and _is_nominal(base, lex) and not _is_verb(token, lex)
        # A pronoun's «ان» is not a plural of it («آنان», «مایان»).
        return _is_nominal(base, lex) and base not in lex.function_words and token not in _NOT_PLURALS
    if suffix.base == "adjective":
        return len(base) > _MIN_BASE and _is_adjective(base, lex) and token not in _NOT_COMPARATIVES
    if suffix.base == "predicate":
        participle = base in lex.participles or base in lex.strong
        return len(base) > _MIN_BASE and participle and not _is_verb(token, lex)
    if base in lex.counts:
        return len(base) > _MIN_BASE or base in lex.strong
    # «خطرناک‌ترین‌ها»: a plural «ها» may follow a word the list lacks
    # whose own ending the lexicon confirms.
    return suffix.text.startswith("ها") and len(base) > _MIN_BASE and _key_token(base) != base


def _strip_suffixes(token: str, suffixes: tuple[_Suffix, ...], lex: Lexicon) -> str:
    candidates: list[str] = []
    for suffix in suffixes:
        if not token.endswith(suffix.text):
            continue
        base = token[: -len(suffix.text)]
        if len(base) < _MIN_BASE or not _fits(base, suffix.after):
            continue
        if suffix.text == "گان" and len(base) <= _MIN_BASE:
            continue  # «زرگان» is not «زره»s, «یگان» not «یه»s
        base += suffix.restore
        if _base_ok(suffix, base, token, lex):
            candidates.append(base)
    if not candidates:
        return token
    # Strip as little as the lexicon allows: «نظامیان» is «نظامی» + «ان»,
    # not «نظام» + «یان».
    candidates.sort(key=len, reverse=True)
    best = candidates[0]
    # Without ZWNJ «Xه‌ای» and «X‌های» are one string: «منطقهای» is
    # «منطقه‌ای», «روزهای» is «روز‌های». The shorter stem wins only when it
    # is far more common, as «روز» (14x) is beside «روزه»; «خان» (8x) is
    # not common enough to take «خانهای» from «خانه».
    if best.endswith("ه") and best[:-1] in candidates:
        shorter = best[:-1]
        if lex.counts.get(shorter, 0) >= 12 * max(lex.counts.get(best, 0), 1):
            best = shorter
    return best


def _stem_once(token: str, lex: Lexicon) -> str:
    # Verb prefixes: «می‌گوید», «میگوید», «نمی‌گوید» all key as «گوید».
    # Only when the rest is a conjugated form of a listed verb, so «میدان»,
    # «میز» and «میزان» stay; attested words win over the verb reading.
    for prefix in ("نمی", "می"):
        if token.startswith(prefix):
            rest = token[len(prefix) :]
            if rest in lex.verb_forms and token not in lex.strong and token not in _NOT_VERBS:
                return rest
            break
    if token in lex.strong:
        # A listed plural tagged PL still finds its singular («اقدامات»),
        # other attested words stay as they are («سازمان», «مردم», «تنها»,
        # «بیشتر»). Not by «ان»: listed plurals in «ان» are mostly broken
        # plurals («ارکان» is not «ارک»), names («سپاهان») or words of their
        # own («دوران» is not «دور»).
        if token in lex.plural:
            return _strip_suffixes(token, _LISTED_PLURAL_SUFFIXES, lex)
        return token
    if token in lex.counts:
        return _strip_suffixes(token, _WEAK_SUFFIXES, lex)
    return _strip_suffixes(token, _ALL_SUFFIXES, lex)


# Three or more of one letter are a typing flourish («خیییلی»); two are
# often the word («الله», «مسوول», «تمدد»), so only longer runs collapse.
# A longer "word" is a pasted blob, not a word typed with a flourish.
_LONGEST_FLOURISH = 60
_RUN = re.compile(r"([ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\1{2,}")


def _collapse_runs(token: str, lex: Lexicon) -> str:
    once = _RUN.sub(r"\1", token)
    twice = _RUN.sub(r"\1\1", token)
    # One letter is what the flourish stretched («خیییلی», «سلامممم»), unless
    # two make a word that one does not, or a more common one («اللللله»).
    if twice in lex.counts and lex.counts[twice] >= lex.counts.get(once, -1):
        return twice
    return once


def _key_zwnj_token(token: str) -> str:
    head, _, tail = token.rpartition(ZWNJ)
    joined = token.replace(ZWNJ, "")
    # A verb ending or the copula after a ZWNJ is written as a suffix, so it
    # leaves the word it follows («نگران‌اند», «موافق‌ایم»), unless the list
    # attests the whole («سی‌ام», «هسته‌ای»).
    if tail in _COPULAS and head not in ("", "می", "نمی") and joined not in _lexicon().strong:
        base = _key_token(head)
        if base in _lexicon().counts:
            return base
    return _key_token(joined)


@lru_cache(maxsize=1 << 18)
def _key_token(token: str) -> str:
    if ZWNJ in token:
        return _key_zwnj_token(token)
    if len(token) < 3 or not _PERSIAN_LETTERS.issuperset(token):
        return token
    lex = _lexicon()
    if len(token) <= _LONGEST_FLOURISH and _RUN.search(token):
        token = _collapse_runs(token, lex)
    # Repeat until nothing changes («دانشجویان» → «دانشجوی» → «دانشجو»),
    # so a key is its own key. Every rule shortens the token, so this ends.
    while (stemmed := _stem_once(token, lex)) != token:
        token = stemmed
    return token


# A word is its letters and digits with any ZWNJ written between them.
_WORD = re.compile(r"[^\W_]+(?:\u200c+[^\W_]+)*")


def search_key(text: str) -> str:
    """The search key of a text: one normalized base-form token per word.

    Tokens are separated by single spaces, in the order of the words, with
    punctuation dropped. The same function keys stored text and queries.
    """
    return " ".join(map(_key_token, _WORD.findall(_normalize(text, _LETTERS_KEEPING_ZWNJ))))


# ---------------------------------------------------------------------------
# Query expansion


def _attested(part: str, lex: Lexicon) -> bool:
    # A half of a split: a word with a count, or a (prefixed) verb form.
    return lex.counts.get(part, 0) > 0 or part in lex.verb_forms or _key_token(part) in lex.verb_forms


# A word that begins this many attested words before a verb form makes
# verbs («باز»: 42, «بر»: 24, «فرا»: 6); «مو», «سی», «استان» do not.
_VERB_MAKER = 6


def _splits_attested_word(left: str, right: str, lex: Lexicon) -> bool:
    # An attested word splits before a verb form after a word («باز|گشت»,
    # «در|آمد», «فرا|خواند»), or, both halves of three letters or more,
    # where the list shows the same join in other compounds («کار|خانه»
    # like «کتاب‌خانه», «پیش|نهاد» like «پیش‌بینی», «عبد|الله» like
    # «نصر‌الله»). «سازمان», «مردم», «ایران» show no such join; two-letter
    # halves («کر|ده», «دف|تر», «با|ران») are left alone.
    if lex.counts.get(left, 0) == 0:
        return False
    if right in lex.verb_forms:
        return len(right) >= 3 and lex.verb_makers[left] >= _VERB_MAKER
    if len(left) < 3 or len(right) < 3 or right not in lex.counts:
        return False
    if lex.counts[right] == 0 and lex.second_parts[right] < 2:
        return False  # an untagged fragment («خان|واده»), not a compound's head
    return lex.first_parts[left] + lex.second_parts[right] >= 2


@lru_cache(maxsize=4096)
def _split_candidates(token: str) -> tuple[tuple[str, str], ...]:
    lex = _lexicon()
    known = list(lex.compounds.get(token, ()))
    guessed: list[tuple[str, str]] = []
    attested = token in lex.strong or token in lex.verb_forms
    if len(token) <= 40:
        for i in range(2, len(token) - 1):
            left, right = token[:i], token[i:]
            if (left, right) in known:
                continue
            if attested:
                fits = _splits_attested_word(left, right, lex)
            else:
                fits = left in lex.strong and (right in lex.counts or _attested(right, lex))
            if fits:
                guessed.append((left, right))
        # Common halves first: «حسن اف» before «حس ناف».
        guessed.sort(key=lambda pair: -min(lex.counts.get(pair[0], 0), lex.counts.get(pair[1], 0)))
    return tuple((_key_token(left), _key_token(right)) for left, right in (known + guessed)[:4])


def split_candidates(key_token: str) -> list[tuple[str, str]]:
    """Ways one keyed word can be read as two lexicon words, best first.

    Splits that hazm's list writes with ZWNJ («بین‌المللی») come first. An
    attested word also splits where the same join is attested in other
    listed compounds or before a verb form («کارخانه» → «کار خانه»,
    «بازگشت» → «باز گشت»), never into halves no compound shows
    («سازمان» is not «ساز مان»). A word the list lacks may split into two
    lexicon words of at least two letters, the first attested («حسناف» →
    «حسن اف», «برمیگردد» → «بر گردد»). Most common halves first, at most
    four; both halves are returned keyed.
    """
    if not key_token or not _PERSIAN_LETTERS.issuperset(key_token):
        return []
    return list(_split_candidates(key_token))
