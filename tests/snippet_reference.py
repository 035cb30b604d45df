"""The snippet marker as it was before it worked piece by piece: the reference its output must equal.

`archive.search.highlight` splits a body on spaces and tests each distinct
piece once; this is the earlier word-by-word reading (a regex split of the
whole body, then every word keyed), kept here only as the oracle of
`tests/test_snippet_pieces.py`.
"""

from __future__ import annotations

import re
from itertools import accumulate

from archive.search import highlight

_SPLIT = re.compile(f"({highlight._WORD.pattern})")


def marked_spans(display: str, query: str) -> list[tuple[int, int]]:
    wanted = highlight._wanted_by(query) if query else highlight._Wanted()
    if not (wanted.keys or wanted.prefixes or wanted.phrases):
        return []
    parts = _SPLIT.split(display)
    offsets = list(accumulate(map(len, parts), initial=0))
    strings = parts[1::2]
    tokens_of = {word: highlight._word_tokens(word) for word in set(strings)}
    keys, prefixes = wanted.keys, tuple(wanted.prefixes)
    hits = {word for word, tokens in tokens_of.items() if not keys.isdisjoint(tokens)}
    if prefixes:
        hits.update(word for word, tokens in tokens_of.items() if any(t.startswith(prefixes) for t in tokens))
    marked = {i for i, word in enumerate(strings) if word in hits}
    if wanted.phrases:
        marked |= _phrase_words(strings, tokens_of, wanted.phrases)
    heads = {word for word, tokens in tokens_of.items() if len(tokens) == 1 and tokens[0] in wanted.heads}
    for i in [i for i, word in enumerate(strings[:-1]) if word in heads]:
        if parts[2 * i + 2].strip():
            continue
        joined = highlight._word_tokens(strings[i] + strings[i + 1])
        if len(joined) == 1 and joined[0] in keys:
            marked.update((i, i + 1))
    return [(offsets[2 * i + 1], offsets[2 * i + 2]) for i in sorted(marked)]


def _phrase_words(strings, tokens_of, phrases) -> set[int]:
    firsts = {phrase[0] for phrase, _ in phrases}
    starters = {word for word, tokens in tokens_of.items() if firsts.intersection(tokens)}
    marked: set[int] = set()
    for i in [i for i, word in enumerate(strings) if word in starters]:
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


def snippet(body: str, query: str, length: int = highlight.SNIPPET_LENGTH) -> str:
    """The snippet from the reference marks, cut and escaped as the product cuts it."""
    return highlight._passage(body or "", marked_spans((body or "")[: highlight.SCAN_LIMIT], query), length)
