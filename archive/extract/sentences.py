"""Sentences of an article body: where each starts and ends, and which paragraph it is in."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from archive.extract.tokens import Token

TERMINATORS = ".!?؟"


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    lo: int  # first word index
    hi: int  # one past the last word index


def split_sentences(body: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence, whitespace trimmed.

    A sentence ends at «.», «!», «?» or «؟» followed by a space or the end,
    never inside «…», and at every line break (a paragraph ends at a blank line
    or a line break; news text uses both).
    """
    spans: list[tuple[int, int, int]] = []
    paragraph, depth, start = 0, 0, 0

    def close(end: int) -> None:
        chunk = body[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            spans.append((start + left, start + right, paragraph))

    for k, ch in enumerate(body):
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
            # «… هستیم.» then a space: the quote closed its sentence.
            if (
                depth == 0
                and k
                and body[k - 1] in TERMINATORS
                and (k + 1 == len(body) or body[k + 1].isspace())
            ):
                close(k + 1)
                start = k + 1
        elif ch == "\n":
            close(k)
            start, depth = k + 1, 0
            paragraph += 1
        elif ch in TERMINATORS and depth == 0 and (k + 1 == len(body) or body[k + 1] in ' \t\n\u00a0»"”)'):
            close(k + 1)
            start = k + 1
    close(len(body))
    return spans


def sentences_of(body: str, tokens: list[Token]) -> list[_Sentence]:
    """The sentences of `body` with the range of their words in `tokens`."""
    starts = [t.start for t in tokens]
    return [
        _Sentence(start, end, paragraph, bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
        for start, end, paragraph in split_sentences(body)
    ]
