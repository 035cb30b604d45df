"""The Persian text rules: display text and the search key.

Every stored text and every query goes through the same functions here, so
what matches is decided in one place. hazm is used only for its shipped data
(the word list and the verb list); its objects and our lexicon are built once
per process, lazily, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

# Bump whenever a rule below changes what a key looks like; the index
# stores it and `rebuild_search_index` rewrites keys of an older version.
KEY_VERSION = 1

ZWNJ = "\u200c"

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, _ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(_ASCII_DIGITS + _ARABIC_DIGITS, _PERSIAN_DIGITS * 2)


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
    # A free-standing hamza is routinely dropped («اجزاء» = «اجزا»).
    put("ء", None)
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
    for i in range(10):
        table[ord(_PERSIAN_DIGITS[i])] = _ASCII_DIGITS[i]
        table[ord(_ARABIC_DIGITS[i])] = _ASCII_DIGITS[i]
    return table


_LETTERS = _letters_table()

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
    # NFKC twice: casefolding can leave text that is no longer NFKC.
    text = _nfkc(_nfkc(text).casefold()).translate(_LETTERS)
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


@dataclass(frozen=True)
class _Lexicon:
    # normalized word → corpus count (summed over spellings that meet)
    counts: dict[str, int]
    # words hazm's list attests (a count or a part-of-speech tag), as
    # opposed to the many untagged entries that include inflected forms
    strong: frozenset[str]
    # words tagged plural (PL)
    plural: frozenset[str]
    # conjugated forms (without می/نمی) of every verb in verbs.dat
    verb_forms: frozenset[str]
    # joined compound → the ways hazm's list writes it with ZWNJ
    compounds: dict[str, tuple[tuple[str, str], ...]]


_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")


@cache
def _lexicon() -> _Lexicon:
    from hazm.utils import verbs_list, words_list

    counts: dict[str, int] = {}
    strong: set[str] = set()
    plural: set[str] = set()
    compounds: dict[str, set[tuple[str, str]]] = {}
    for raw, count, tags in words_list():
        word = normalize_letters(raw).strip()
        if not word or " " in word:
            continue
        counts[word] = counts.get(word, 0) + count
        if count > 0 or tags != ("0",):
            strong.add(word)
        if "PL" in tags:
            plural.add(word)
        if raw.count(ZWNJ) == 1:
            left, right = (normalize_letters(part) for part in raw.split(ZWNJ))
            if len(left) >= 2 and len(right) >= 2:
                compounds.setdefault(word, set()).add((left, right))

    verb_forms: set[str] = set()
    for line in verbs_list():
        past, _, present = normalize_letters(line).partition("#")
        if present:
            # A stem ending in «ا» takes a gliding «ی» («فرما» → «فرمایند»);
            # one ending in «و» may or may not («گویند», «شوند»).
            glides = {"ا": ("ی",), "و": ("", "ی")}.get(present[-1], ("",))
            for glide in glides:
                for ending in _PRESENT_ENDINGS:
                    verb_forms.add(present + glide + ending)
        if past:
            for ending in _PAST_ENDINGS:
                verb_forms.add(past + ending)
            verb_forms.add(past + "ه")
    return _Lexicon(
        counts=counts,
        strong=frozenset(strong),
        plural=frozenset(plural),
        verb_forms=frozenset(verb_forms),
        compounds={k: tuple(sorted(v)) for k, v in compounds.items()},
    )


# ---------------------------------------------------------------------------
# Stemming one keyed token

_PERSIAN_LETTERS = frozenset("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")

# Words hazm's list carries untagged that look like «می» + a verb form but
# are nouns or adjectives in news text («عملیات میدانی»). The verb they
# shadow («می‌دانی», «you know») is rare in news; the adjective is not.
_NOT_VERBS = frozenset({"میدانی", "میمونی"})

# (suffix, restored ending, condition on the base's last letter)
# Plural markers, alone and carrying an ezafe, indefinite «ی» or a
# possessive enclitic; «گان» plurals come from words ending in «ه»
# («نمایندگان» → «نماینده»); Arabic «ات» plurals from a bare word or one
# ending in «ه» («اقدامات» → «اقدام», «کلمات» → «کلمه»), but not after
# «ی», where the plural is a word of its own («عملیات» is not «عملی»).
_PLURAL_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("ها", "", ""),
    ("های", "", ""),
    ("هایی", "", ""),
    ("هایش", "", ""),
    ("هایشان", "", ""),
    ("هایتان", "", ""),
    ("هایمان", "", ""),
    ("ان", "", ""),
    ("یان", "", ""),
    ("انش", "", ""),
    ("انشان", "", ""),
    ("گان", "ه", ""),
    ("ات", "", "!ی"),
    ("ات", "ه", "!ی"),
)
# Ezafe and indefinite «ی» are written only after a vowel («خانه‌ی»,
# «روسای», «دانشجوی», «خانه‌ای»); possessive enclitics of the third person
# and plural persons are long enough to be safe («دفاعش», «کشورشان»), the
# one-letter «م» and «ت» are not («مردم» ≠ «مرد»).
_ENCLITIC_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("ی", "", "اوه"),
    ("ای", "", "ه"),
    ("یی", "", "او"),
    ("ش", "", "!اوه"),
    ("اش", "", "ه"),
    ("یش", "", "او"),
    ("شان", "", ""),
    ("تان", "", ""),
    ("مان", "", ""),
)
_ALL_SUFFIXES = _PLURAL_SUFFIXES + _ENCLITIC_SUFFIXES
_LISTED_PLURAL_SUFFIXES = tuple(s for s in _PLURAL_SUFFIXES if s[0] in ("ها", "های", "هایی", "هایش", "ات"))
# Untagged list entries are often inflected forms themselves
# («روزهای», «دانشجوی»), so they still lose an unambiguous plural «ها» or an
# ezafe after a vowel; other endings of theirs («ان», «ات», «ی») are as
# often part of the word («زمان», «طالبان», «ماهی») and stay.
_WEAK_SUFFIXES = tuple(s for s in _ALL_SUFFIXES if s[0].startswith("ها") or s[0] in ("ای", "ی"))
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


def _strip_suffixes(token: str, suffixes: tuple[tuple[str, str, str], ...], lex: _Lexicon) -> str:
    candidates: list[str] = []
    for suffix, restore, condition in suffixes:
        if not token.endswith(suffix):
            continue
        base = token[: -len(suffix)]
        if len(base) < _MIN_BASE or not _fits(base, condition):
            continue
        base += restore
        if base in lex.counts and (len(base) > _MIN_BASE or base in lex.strong):
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
        if lex.counts[shorter] >= 12 * max(lex.counts[best], 1):
            best = shorter
    return best


def _stem_once(token: str, lex: _Lexicon) -> str:
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
        # other attested words stay as they are («سازمان», «مردم», «تنها»).
        # Not by «ان»: listed plurals in «ان» are mostly broken plurals
        # («ارکان» is not «ارک») or names («سپاهان»).
        if token in lex.plural:
            return _strip_suffixes(token, _LISTED_PLURAL_SUFFIXES, lex)
        return token
    if token in lex.counts:
        return _strip_suffixes(token, _WEAK_SUFFIXES, lex)
    return _strip_suffixes(token, _ALL_SUFFIXES, lex)


@lru_cache(maxsize=1 << 18)
def _key_token(token: str) -> str:
    if len(token) < 3 or not _PERSIAN_LETTERS.issuperset(token):
        return token
    lex = _lexicon()
    # Repeat until nothing changes («دانشجویان» → «دانشجوی» → «دانشجو»),
    # so a key is its own key. Every rule shortens the token, so this ends.
    while (stemmed := _stem_once(token, lex)) != token:
        token = stemmed
    return token


_WORD = re.compile(r"[^\W_]+")


def search_key(text: str) -> str:
    """The search key of a text: one normalized base-form token per word.

    Tokens are separated by single spaces, in the order of the words, with
    punctuation dropped. The same function keys stored text and queries.
    """
    return " ".join(map(_key_token, _WORD.findall(normalize_letters(text))))


# ---------------------------------------------------------------------------
# Query expansion


@lru_cache(maxsize=4096)
def _split_candidates(token: str) -> tuple[tuple[str, str], ...]:
    lex = _lexicon()
    known = list(lex.compounds.get(token, ()))
    guessed: list[tuple[str, str]] = []
    # An attested word or verb form is not a typo for two words («سازمان»
    # is not «ساز مان»); only its listed ZWNJ spelling says where it splits.
    if token not in lex.strong and token not in lex.verb_forms and len(token) <= 40:
        for i in range(2, len(token) - 1):
            left, right = token[:i], token[i:]
            if (left, right) not in known and left in lex.strong and right in lex.counts:
                guessed.append((left, right))
        # Common halves first: «حسن اف» before «حس ناف».
        guessed.sort(key=lambda pair: -min(lex.counts[pair[0]], lex.counts[pair[1]]))
    return tuple((_key_token(left), _key_token(right)) for left, right in (known + guessed)[:4])


def split_candidates(key_token: str) -> list[tuple[str, str]]:
    """Ways one keyed word can be read as two lexicon words, best first.

    Splits that hazm's list writes with ZWNJ («بین‌المللی») come first;
    a word that is not itself attested may also split into two lexicon
    words of at least two letters, the first attested («حسناف» → «حسن اف»),
    most common halves first. At most four; both halves are returned keyed.
    """
    if not key_token or not _PERSIAN_LETTERS.issuperset(key_token):
        return []
    return list(_split_candidates(key_token))
