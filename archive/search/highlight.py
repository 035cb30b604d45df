"""Snippets: a short passage of the published body around the best match, matches marked.

The passage is the body's own text, letter for letter: an article written
with Arabic «ي» and «ك» («تركيه») shows them, as its page does. A word is
marked when its search key matches the query's, not its letters, so «هیئت»
in the text is marked for a query typed «هیات», «تركيه» for «ترکیه»,
«موشک‌های» for «موشک», and «بین المللی» (two words) for «بین‌المللی».
Everything from the article is HTML-escaped; only the <mark> tags are markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive import text
from archive.search.query import And, Node, Or, Phrase, Prefix, Term, parse, split_negations

SNIPPET_LENGTH = 240
# Past this many characters a body is not scanned: the snippet of a book-length
# text comes from its first pages, and a page of results stays fast.
SCAN_LIMIT = 50_000
ELLIPSIS = "…"

# A word as a reader sees it: letters and digits with the marks, ZWNJ and
# tatweel written inside it, so «بین‌المللی» and «مُحَمَّد» are one word each.
_WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+")
# Split on words, keeping them: [gap, word, gap, word, …, gap] in one pass of the regex engine,
# with no match object per word (a page cuts 20–100 snippets of ~400 words each).
_SPLIT = re.compile(f"({_WORD.pattern})")


@dataclass(frozen=True, slots=True)
class _Words:
    """A text's words (`strings`) and where each starts and ends (`offsets`, of the split parts)."""

    parts: list[str]
    offsets: list[int]

    @classmethod
    def of(cls, text: str) -> _Words:
        parts = _SPLIT.split(text)
        return cls(parts, list(accumulate(map(len, parts), initial=0)))

    @property
    def strings(self) -> list[str]:
        return self.parts[1::2]

    def start(self, i: int) -> int:
        return self.offsets[2 * i + 1]

    def end(self, i: int) -> int:
        return self.offsets[2 * i + 2]

    def gap_after(self, i: int) -> str:
        return self.parts[2 * i + 2]


@dataclass
class _Wanted:
    """What a query marks; shared by every snippet of a page, so never changed once built."""

    keys: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    # (keys, whether the last key is a prefix)
    phrases: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    # Beginnings of wanted keys: a word keyed to one of them may make a key with the next word.
    heads: set[str] = field(default_factory=set)


@lru_cache(maxsize=256)
def _wanted_by(query: str) -> _Wanted:
    # A page builds 20–100 snippets of one query: it is parsed once.
    return _wanted(parse(query))


def _wanted(tree: Node | None) -> _Wanted:
    """The key tokens, prefixes and phrases whose occurrences are marked; exclusions left out."""
    wanted = _Wanted()

    def walk(node: Node) -> None:
        if isinstance(node, Term):
            wanted.keys.add(node.key)
        elif isinstance(node, Phrase):
            wanted.phrases.append((node.keys, False))
        elif isinstance(node, Prefix):
            if len(node.keys) == 1:
                wanted.prefixes.append(node.keys[0])
            else:
                wanted.phrases.append((node.keys, True))
        elif isinstance(node, And | Or):
            for child in node.children:
                walk(child)

    positive, _ = split_negations(tree)
    if positive is not None:
        walk(positive)
    wanted.heads = {k[:cut] for k in wanted.keys for cut in range(2, len(k) - 1)}
    return wanted


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(text.search_key(word).split())


def _marked_words(words: _Words, wanted: _Wanted) -> set[int]:
    """Indexes of the words to mark.

    Each distinct word is keyed once and tested once; the body's ~400 words
    are then only looked up in the sets of those that matched.
    """
    strings = words.strings
    tokens_of = {word: _word_tokens(word) for word in set(strings)}
    keys, prefixes = wanted.keys, tuple(wanted.prefixes)
    hits = {word for word, tokens in tokens_of.items() if not keys.isdisjoint(tokens)}
    if prefixes:
        hits.update(word for word, tokens in tokens_of.items() if any(t.startswith(prefixes) for t in tokens))
    marked = {i for i, word in enumerate(strings) if word in hits} if hits else set()
    if wanted.phrases:
        marked |= _phrase_words(strings, tokens_of, wanted.phrases)
    # Two words written apart that the query has joined («بین المللی» for
    # «بین‌المللی»): only a word that begins a wanted key is tried with its neighbour.
    heads = {word for word, tokens in tokens_of.items() if len(tokens) == 1 and tokens[0] in wanted.heads}
    if heads:
        for i in [i for i, word in enumerate(strings[:-1]) if word in heads]:
            if words.gap_after(i).strip():
                continue
            joined = _word_tokens(strings[i] + strings[i + 1])
            if len(joined) == 1 and joined[0] in keys:
                marked.update((i, i + 1))
    return marked


def _phrase_words(
    strings: list[str], tokens_of: dict[str, tuple[str, ...]], phrases: list[tuple[tuple[str, ...], bool]]
) -> set[int]:
    """Indexes of the words of each occurrence of a wanted phrase."""
    firsts = {phrase[0] for phrase, _ in phrases}
    starters = {word for word, tokens in tokens_of.items() if firsts.intersection(tokens)}
    marked: set[int] = set()
    for i in [i for i, word in enumerate(strings) if word in starters]:
        # The tokens from word i on, enough for the longest phrase, with the word each came from.
        longest = max(len(phrase) for phrase, _ in phrases)
        flat: list[tuple[str, int]] = []
        for j in range(i, min(len(strings), i + longest)):
            flat.extend((token, j) for token in tokens_of[strings[j]])
        for offset in range(len(tokens_of[strings[i]])):
            for phrase, last_is_prefix in phrases:
                window = flat[offset : offset + len(phrase)]
                if len(window) < len(phrase) or any(
                    t != k for (t, _), k in zip(window[:-1], phrase[:-1], strict=True)
                ):
                    continue
                last = window[-1][0]
                if last.startswith(phrase[-1]) if last_is_prefix else last == phrase[-1]:
                    marked.update(j for _, j in window)
    return marked


def _best_window(words: _Words, marked: set[int], length: int) -> tuple[int, int]:
    """Character bounds of the passage of about `length` characters with the most marked words."""
    if not marked:
        return 0, length
    starts = sorted(words.start(i) for i in marked)
    best_start, best_count = starts[0], 0
    right = 0
    for left, start in enumerate(starts):
        right = max(right, left)
        while right + 1 < len(starts) and starts[right + 1] < start + length:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    # Some context before the first match, so the passage does not open on it.
    return max(0, best_start - length // 4), max(0, best_start - length // 4) + length


def _cut(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen/narrow [start, end) to whole words."""
    if start > 0:
        space = body.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    if end < len(body):
        space = body.find(" ", end, end + 20)
        end = space if space >= 0 else end
    return start, min(end, len(body))


def snippet(body: str, query: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `body`, verbatim, around the best match, HTML-escaped.

    Words whose search key matches the query are wrapped in <mark>; without
    a match (or a query) the passage is the opening of the text. An ellipsis
    shows where the passage was cut.
    """
    display = (body or "")[:SCAN_LIMIT]
    wanted = _wanted_by(query) if query else _Wanted()
    words = _Words.of(display)
    marked = _marked_words(words, wanted) if wanted.keys or wanted.prefixes or wanted.phrases else set()
    start, end = _cut(display, *_best_window(words, marked, length))
    parts: list[str] = [ELLIPSIS] if start > 0 else []
    cursor = start
    for i in sorted(marked):
        if words.start(i) < start or words.end(i) > end:
            continue
        parts.append(escape(display[cursor : words.start(i)]))
        parts.append(f"<mark>{escape(words.parts[2 * i + 1])}</mark>")
        cursor = words.end(i)
    parts.append(escape(display[cursor:end]))
    if end < len(display) or len(body or "") > SCAN_LIMIT:
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))  # every piece of the body above went through escape()
