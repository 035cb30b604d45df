"""The statement form's view of its span: the quoted words in their sentence, and the article's words.

Opened from «ویرایش» on a suggestion (or on a statement), the form shows
what the span covers in the article; the page's script
(static/archive/statement_span.js) moves either end by whole words, using
the word boundaries computed here, so that a span always starts and ends
at a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest

from archive.models import Article, Statement

# A word: letters and digits, joined by ZWNJ («می‌گوید»), a hyphen or an apostrophe.
WORD = re.compile(r"[\w\u200c]+(?:[-'’][\w\u200c]+)*")
CONTEXT_CHARS = 240  # of the article on each side of the span, cut at a word
PRONOUNS = {"وی", "او", "ایشان"}


def word_bounds(body: str) -> list[tuple[int, int]]:
    """The (start, end) of every word of `body`, in order."""
    return [m.span() for m in WORD.finditer(body)]


@dataclass(frozen=True)
class SpanView:
    """What the form shows above its fields: the span in its context, and the data its script needs."""

    article: Article
    start: int
    end: int
    attribution: str
    has_speaker: bool

    @property
    def before(self) -> str:
        cut = max(0, self.start - CONTEXT_CHARS)
        text = self.article.body[cut : self.start]
        return ("…" + text.split(maxsplit=1)[-1]) if cut and " " in text else text

    @property
    def quote(self) -> str:
        return self.article.body[self.start : self.end]

    @property
    def after(self) -> str:
        cut = self.end + CONTEXT_CHARS
        text = self.article.body[self.end : cut]
        return (text.rsplit(maxsplit=1)[0] + "…") if cut < len(self.article.body) and " " in text else text

    @property
    def words(self) -> list[tuple[int, int]]:
        return word_bounds(self.article.body)

    @property
    def new_speaker_name(self) -> str:
        """The words to fill a new official's name with, when the speaker is a name the archive lacks."""
        if self.has_speaker or self.attribution.strip() in PRONOUNS:
            return ""
        return self.attribution.strip()


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def span_view(request: HttpRequest, statement: Statement | None) -> SpanView | None:
    """The span the form is about: as posted, as the suggestion's link gives it, or as stored."""
    source = request.POST if request.method == "POST" else request.GET
    article_id = _int(source.get("article")) or (statement.article_id if statement else None)
    article = (
        Article.objects.filter(pk=article_id).only("pk", "body", "title").first() if article_id else None
    )
    start = _int(source.get("start"))
    end = _int(source.get("end"))
    if statement is not None:
        start = statement.start if start is None else start
        end = statement.end if end is None else end
    if article is None or start is None or end is None or not 0 <= start < end <= len(article.body):
        return None
    attribution = source.get("attribution") or (statement.attribution if statement else "")
    has_speaker = bool(source.get("official") or (statement and statement.official_id))
    return SpanView(article, start, end, attribution, has_speaker)
