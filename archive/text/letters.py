"""Letters and digits: the forms a reader takes for one letter, folded to one; the three digit sets.

Used by the search key (archive/text/__init__.py) and by the date parser.
"""

from __future__ import annotations

import re
import unicodedata

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


class Translation:
    """`str.translate(table)` in about the time of a regex scan.

    str.translate looks every character up in the table, one dict lookup each
    (0.44 ms for a 2,500-character article: a fifth of preparing one for
    import). In Persian text nearly every character maps to itself, so a C
    regex finds the runs of characters the table holds and only those are
    translated: 0.045 ms, the same output (measured over the bench's bodies;
    `tests/test_text.py` holds the two equal). A text of nothing but mapped
    characters is one run, translated whole, as before.
    """

    def __init__(self, table: dict[int, str | None]) -> None:
        self.table = table
        self._runs = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]+")

    def _run(self, match: re.Match[str]) -> str:
        return match.group().translate(self.table)

    def __call__(self, text: str) -> str:
        return self._runs.sub(self._run, text)


_LETTERS = _letters_table()
# The same for the search key, which keeps ZWNJ until each word is keyed: it
# marks where a verb ending or the copula was written as a suffix
# («نگران‌اند»), and the word is then keyed joined.
_LETTERS_KEEPING_ZWNJ = {**_LETTERS, 0x200C: ZWNJ}
LETTERS = Translation(_LETTERS)
LETTERS_KEEPING_ZWNJ = Translation(_LETTERS_KEEPING_ZWNJ)

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
    return _normalize(text, LETTERS)


def _normalize(text: str, translate: Translation) -> str:
    # NFKC twice: casefolding can leave text that is no longer NFKC.
    text = translate(_nfkc(_nfkc(text).casefold()))
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
