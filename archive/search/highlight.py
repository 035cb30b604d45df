"""Snippets: a short passage of the display text around the best match, matches marked.

A word is marked when its search key matches the query's, not its letters,
so «هیئت» in the text is marked for a query typed «هیات», «موشک‌های» for
«موشک», and «بین المللی» (two words) for «بین‌المللی». Everything from the
article is HTML-escaped; only the <mark> tags are markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

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


@dataclass
class _Wanted:
    keys: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    # (keys, whether the last key is a prefix)
    phrases: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)


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
    return wanted


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(text.search_key(word).split())


def _marked_words(words: list[re.Match[str]], body: str, wanted: _Wanted) -> set[int]:
    """Indexes of the words to mark."""
    word_tokens = [_word_tokens(m.group()) for m in words]
    marked: set[int] = set()
    prefixes = tuple(wanted.prefixes)
    keys = wanted.keys
    for i, tokens in enumerate(word_tokens):
        for token in tokens:
            if token in keys or (prefixes and token.startswith(prefixes)):
                marked.add(i)
    if wanted.phrases:
        flat = [(token, i) for i, tokens in enumerate(word_tokens) for token in tokens]
        for phrase, last_is_prefix in wanted.phrases:
            n = len(phrase)
            for start in range(len(flat) - n + 1):
                if flat[start][0] != phrase[0]:
                    continue
                *head, (last, _) = flat[start : start + n]
                if all(t == k for (t, _), k in zip(head, phrase[:-1], strict=True)) and (
                    last.startswith(phrase[-1]) if last_is_prefix else last == phrase[-1]
                ):
                    marked.update(i for _, i in flat[start : start + n])
    # Two words written apart that the query has joined («بین المللی» for
    # «بین‌المللی»): only a word that begins a wanted key is tried with its neighbour.
    heads = {k[:cut] for k in keys for cut in range(2, len(k) - 1)}
    for i in range(len(words) - 1):
        left = word_tokens[i]
        if len(left) != 1 or left[0] not in heads or body[words[i].end() : words[i + 1].start()].strip():
            continue
        joined = _word_tokens(words[i].group() + words[i + 1].group())
        if len(joined) == 1 and joined[0] in keys:
            marked.update((i, i + 1))
    return marked


def _best_window(words: list[re.Match[str]], marked: set[int], length: int) -> tuple[int, int]:
    """Character bounds of the passage of about `length` characters with the most marked words."""
    if not marked:
        return 0, length
    starts = sorted(words[i].start() for i in marked)
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


def _show(piece: str) -> str:
    return escape(text.display_text(piece))


def snippet(body: str, query: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `body`'s display text around the best match, HTML-escaped.

    Words whose search key matches the query are wrapped in <mark>; without
    a match (or a query) the passage is the opening of the text. An ellipsis
    shows where the passage was cut.
    """
    # Matching runs on the text as stored; only the passage shown goes
    # through display_text, which leaves words alone, so marks stay on words.
    display = (body or "")[:SCAN_LIMIT]
    wanted = _wanted(parse(query)) if query else _Wanted()
    words = list(_WORD.finditer(display))
    marked = (
        _marked_words(words, display, wanted) if wanted.keys or wanted.prefixes or wanted.phrases else set()
    )
    start, end = _cut(display, *_best_window(words, marked, length))
    parts: list[str] = [ELLIPSIS] if start > 0 else []
    cursor = start
    for i in sorted(marked):
        m = words[i]
        if m.start() < start or m.end() > end:
            continue
        parts.append(_show(display[cursor : m.start()]))
        parts.append(f"<mark>{_show(m.group())}</mark>")
        cursor = m.end()
    parts.append(_show(display[cursor:end]))
    if end < len(display) or len(body or "") > SCAN_LIMIT:
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))  # every piece of text above went through _show(), which escapes
