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
from functools import lru_cache

from archive.lexicon import Lexicon
from archive.text.display import display_text
from archive.text.inflection import (
    _COPULAS,
    _LONGEST_FLOURISH,
    _NOT_PLURALS,
    _PERSIAN_LETTERS,
    _RUN,
    _collapse_runs,
    _lexicon,
    _stem_once,
    lexicon,
)
from archive.text.letters import (
    LETTERS_KEEPING_ZWNJ,
    ZWNJ,
    _normalize,
    normalize_letters,
    to_ascii_digits,
    to_persian_digits,
)

__all__ = [
    "KEY_VERSION",
    "ZWNJ",
    "_NOT_PLURALS",
    "display_text",
    "lexicon",
    "normalize_letters",
    "search_key",
    "split_candidates",
    "to_ascii_digits",
    "to_persian_digits",
]

# Bump whenever a rule below changes what a key looks like; the index
# stores it and `rebuild_search_index` rewrites keys of an older version.
KEY_VERSION = 2


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
    return " ".join(map(_key_token, _WORD.findall(_normalize(text, LETTERS_KEEPING_ZWNJ))))


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
