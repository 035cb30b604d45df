"""Endings that come off a keyed token where the lexicon confirms what is left.

Part of the search key (archive/text/__init__.py): a rule strips an ending
only where hazm's lexicon confirms the base and does not attest the whole word.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from archive.lexicon import Lexicon
from archive.lexicon import build as build_lexicon
from archive.text.letters import normalize_letters

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
    # whose own ending the lexicon confirms. The whole key of the base decides,
    # and it calls back into these rules: imported here, not at the top.
    from archive.text import _key_token

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
