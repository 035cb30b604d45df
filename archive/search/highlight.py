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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # Django's escape is this, wrapped in a SafeString
from itertools import compress, islice
from operator import attrgetter, not_

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


@dataclass
class _Wanted:
    """What a query marks; shared by every snippet of a page, so never changed once built."""

    keys: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    # (keys, whether the last key is a prefix)
    phrases: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    # Beginnings of wanted keys: a word keyed to one of them may make a key with the next word.
    heads: set[str] = field(default_factory=set)
    # Phrases' first keys.
    firsts: set[str] = field(default_factory=set)
    # Every token that makes a word worth a closer look: keys, heads and phrases' first keys.
    looked_for: frozenset[str] = frozenset()
    # " prefix" for any prefix: found in a piece's `spaced` tokens when one of them begins with it.
    begins: re.Pattern | None = None


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
    wanted.firsts = {phrase[0] for phrase, _ in wanted.phrases}
    wanted.looked_for = frozenset(wanted.keys | wanted.heads | wanted.firsts)
    if wanted.prefixes:
        wanted.begins = re.compile("|".join(" " + re.escape(prefix) for prefix in wanted.prefixes))
    return wanted


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(text.search_key(word).split())


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of text between two spaces: its words (start, end, search-key tokens) and all their tokens."""

    words: tuple[tuple[int, int, tuple[str, ...]], ...]
    tokens: frozenset[str]
    # " token token …": whether a token begins with a prefix is one substring search (`_Wanted.begins`).
    spaced: str


@lru_cache(maxsize=1 << 16)
def _piece(text_between_spaces: str) -> _Piece:
    words = tuple((m.start(), m.end(), _word_tokens(m.group())) for m in _WORD.finditer(text_between_spaces))
    tokens = [token for *_, word_tokens in words for token in word_tokens]
    return _Piece(words, frozenset(tokens), "".join(" " + token for token in tokens))


_TOKENS, _SPACED = attrgetter("tokens"), attrgetter("spaced")


def _occurrences(display: str, piece: str) -> Iterator[int]:
    """Where `piece` stands in `display` as a whole run between spaces (or the text's ends), in order."""
    if display.startswith(piece) and (len(display) == len(piece) or display[len(piece)] == " "):
        yield 0
    spaced = f" {piece} "
    at = display.find(spaced)
    while at >= 0:
        yield at + 1
        at = display.find(spaced, at + len(piece) + 1)  # its closing space may open the next one
    if len(display) > len(piece) and display.endswith(" " + piece):
        yield len(display) - len(piece)


def _words_from(display: str, base: int, k: int) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """(start, end, tokens) in `display` of word `k` of the piece at `base`, and of every later word."""
    while True:
        space = display.find(" ", base)
        piece = display[base:] if space < 0 else display[base:space]
        for start, end, tokens in _piece(piece).words[k:]:
            yield base + start, base + end, tokens
        if space < 0:
            return
        base, k = space + 1, 0


def _marked_spans(display: str, wanted: _Wanted) -> list[tuple[int, int]]:
    """(start, end) of each word of `display` to mark, in order.

    A word never spans a space, so the text split on spaces (a C-speed
    split) holds every word inside one piece. A body of 400 words has some
    250 distinct pieces: each is segmented and keyed once per process and
    tested once per snippet (a set test; one regex search for the prefixes), and
    only the few that hold a match, the first word of a wanted phrase, or a
    word that may join its neighbour into a wanted key are then found in the
    text (a C-speed search) and looked at word by word. (A regex split of the
    whole body, word by word, was half the cost of a snippet; placing every
    piece in the text, a third of what was left.)
    """
    keys, prefixes, heads, firsts = wanted.keys, tuple(wanted.prefixes), wanted.heads, wanted.firsts
    pieces = list(set(display.split(" ")))
    infos = list(map(_piece, pieces))
    found = list(zip(pieces, infos, strict=True))
    # The pieces to look at, chosen without a Python-level step per piece (a chain of C iterators).
    closer = dict(compress(found, map(not_, map(wanted.looked_for.isdisjoint, map(_TOKENS, infos)))))
    if wanted.begins is not None:
        closer.update(compress(found, map(wanted.begins.search, map(_SPACED, infos))))
    spans: set[tuple[int, int]] = set()
    for piece, info in closer.items():
        for base in _occurrences(display, piece):
            for k, (start, end, tokens) in enumerate(info.words):
                if not keys.isdisjoint(tokens) or (prefixes and any(t.startswith(prefixes) for t in tokens)):
                    spans.add((base + start, base + end))
                if len(tokens) == 1 and tokens[0] in heads:
                    spans.update(_joined(display, _words_from(display, base, k), keys))
                if not firsts.isdisjoint(tokens):
                    spans.update(_phrases_at(_words_from(display, base, k), wanted.phrases))
    return sorted(spans)


def _joined(display: str, words: Iterator[tuple[int, int, tuple[str, ...]]], keys: set[str]) -> list:
    """The first two of `words` if only spaces part them and, written together, they key to a wanted key.

    Two words written apart that the query has joined («بین المللی» for «بین‌المللی»).
    """
    first = next(words)
    second = next(words, None)
    if second is None or display[first[1] : second[0]].strip():
        return []
    joined = _word_tokens(display[first[0] : first[1]] + display[second[0] : second[1]])
    return [first[:2], second[:2]] if len(joined) == 1 and joined[0] in keys else []


def _phrases_at(
    words: Iterator[tuple[int, int, tuple[str, ...]]], phrases: list[tuple[tuple[str, ...], bool]]
) -> list[tuple[int, int]]:
    """The spans of the words of each wanted phrase that begins in the first of `words`.

    A word may key to more than one token, so a phrase may begin at any of
    its tokens and end inside a later word.
    """
    longest = max(len(phrase) for phrase, _ in phrases)
    ahead = list(islice(words, longest))
    flat = [(token, (start, end)) for start, end, tokens in ahead for token in tokens]
    marked = []
    for offset in range(len(ahead[0][2])):
        for phrase, last_is_prefix in phrases:
            window = flat[offset : offset + len(phrase)]
            if len(window) < len(phrase) or any(
                t != k for (t, _), k in zip(window[:-1], phrase[:-1], strict=True)
            ):
                continue
            last = window[-1][0]
            if last.startswith(phrase[-1]) if last_is_prefix else last == phrase[-1]:
                marked.extend(span for _, span in window)
    return marked


def _best_window(starts: list[int], length: int) -> tuple[int, int]:
    """Character bounds of the passage of about `length` characters holding the most marked words.

    `starts` are where the marked words begin, in order.
    """
    if not starts:
        return 0, length
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
    spans = _marked_spans(display, wanted) if wanted.keys or wanted.prefixes or wanted.phrases else []
    return _passage(body or "", spans, length)


def _passage(body: str, spans: list[tuple[int, int]], length: int) -> SafeString:
    """The passage of `body` with the most of `spans` (in order), those marked, the rest escaped."""
    display = body[:SCAN_LIMIT]
    start, end = _cut(display, *_best_window([s for s, _ in spans], length))
    parts: list[str] = [ELLIPSIS] if start > 0 else []
    cursor = start
    for word_start, word_end in spans:
        if word_start < start or word_end > end:
            continue
        parts.append(escape(display[cursor:word_start]))
        parts.append(f"<mark>{escape(display[word_start:word_end])}</mark>")
        cursor = word_end
    parts.append(escape(display[cursor:end]))
    if end < len(display) or len(body) > SCAN_LIMIT:
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))  # every piece of the body above went through escape()
