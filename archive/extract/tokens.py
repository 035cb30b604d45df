"""Words of the body with their exact spans, and a phrase matcher over their search keys.

The matcher is a character trie over search keys with the spaces taken out,
walked word by word from each position, and a phrase may end only at the end
of a word. So «حسن‌اف», «حسن اف» and «حسناف» are one phrase, «تأکید کرد»
finds «تاکید کرد», and nothing matches inside a longer word. A phrase never
crosses punctuation: only spaces and ZWNJ may stand between its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from archive import text

# A word of the published body: letters and digits, held together by ZWNJ,
# ZWJ, diacritics and tatweel, exactly the marks the search key drops.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u200c\u200d\u064b-\u065f\u0670\u0640])*")
_JOINING_GAP = re.compile(r"[ \t\u00a0\u200c\u200b]+")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its span in the body, its search key and its letters (unstemmed)."""

    start: int
    end: int
    key: str
    norm: str
    # Only spaces or ZWNJ between this word and the one before: a phrase may continue.
    joined: bool


def compact_key(phrase: str) -> str:
    """The search key of a phrase with the spaces between its words removed."""
    return text.search_key(phrase).replace(" ", "")


def compact_norm(phrase: str) -> str:
    """The letters of a phrase (no stemming), spaces and ZWNJ removed."""
    return "".join(_WORD_LETTERS.findall(text.normalize_letters(phrase)))


_WORD_LETTERS = re.compile(r"[^\W_]+")


def tokenize(body: str) -> list[Token]:
    """The words of `body` in order, each with its exact [start, end) span."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(body):
        word = match.group()
        gap = body[previous_end : match.start()]
        tokens.append(
            Token(
                start=match.start(),
                end=match.end(),
                key=compact_key(word),
                norm=compact_norm(word),
                joined=bool(tokens) and bool(_JOINING_GAP.fullmatch(gap)),
            )
        )
        previous_end = match.end()
    return tokens


class PhraseMatcher[T]:
    """Longest match of any added phrase at a word position.

    `use_norm` matches unstemmed letters instead of search keys: for short
    function words, where a stem would conflate («مقامات» is not «مقام»).
    """

    _END = "\0"

    def __init__(self, use_norm: bool = False) -> None:
        self._root: dict = {}
        self._use_norm = use_norm
        self.max_words = 1

    def add(self, phrase: str, payload: T) -> None:
        key = compact_norm(phrase) if self._use_norm else compact_key(phrase)
        if not key:
            return
        node = self._root
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault(self._END, []).append(payload)
        self.max_words = max(self.max_words, len(phrase.split()) + phrase.count("\u200c") + 2)

    def add_all(self, phrases: Iterable[str], payload: T) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def match(self, tokens: list[Token], i: int, stop: int | None = None) -> tuple[int, list[T]] | None:
        """(end word index, payloads) of the longest phrase starting at word `i`, or None."""
        stop = len(tokens) if stop is None else stop
        node = self._root
        best: tuple[int, list[T]] | None = None
        for j in range(i, min(stop, i + self.max_words)):
            token = tokens[j]
            if j > i and not token.joined:
                break
            for ch in token.norm if self._use_norm else token.key:
                node = node.get(ch)
                if node is None:
                    return best
            if self._END in node:
                best = (j + 1, node[self._END])
        return best
