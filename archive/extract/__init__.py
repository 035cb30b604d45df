"""Suggestions for editors: the officials an article mentions and the statements it reports.

`suggest(body, gazetteer, day)` is pure: it reads only its arguments, so it
is tested without a database. `Gazetteer.from_db()` loads what the archive
knows, `gazetteer_cache.current_gazetteer()` keeps it until officials change;
`suggest_for_article` and `queue_unresolved` are the thin glue the
admin and `manage.py suggest` use.

Modules: `tokens` (words with spans, the phrase matcher over search keys),
`lexicon` (reporting verbs, honorifics, pronouns, titles), `gazetteer`
(names, titles, dated tenures), `gazetteer_cache` (the archive's, kept
while officials are unchanged), `mentions` and `statements` (the two passes).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from archive.extract.gazetteer import Gazetteer, Tenure
from archive.extract.mentions import words
from archive.extract.statements import Suggestion, split_sentences, suggest
from archive.extract.tokens import tokenize

if TYPE_CHECKING:
    from archive.models import Article

__all__ = [
    "Gazetteer",
    "Suggestion",
    "Tenure",
    "article_day",
    "queue_unresolved",
    "split_sentences",
    "strip_honorifics",
    "suggest",
    "suggest_for_article",
]


def article_day(article: Article) -> dt.date | None:
    """The local (Tehran) date the article was published, at which its roles resolve."""
    if article.published_at is None:
        return None
    return timezone.localtime(article.published_at).date()


def strip_honorifics(name: str) -> str:
    """The name without the ranks and honorifics written before it («ژنرال شویگو» → «شویگو»)."""
    tokens = tokenize(name)
    k = 0
    while k < len(tokens) and (found := words().honorifics.match(tokens, k)):
        k = found[0]
    if k == 0 or k >= len(tokens):
        return name.strip()
    return name[tokens[k].start :].strip()


def suggest_for_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Suggestion]:
    """The suggestions for one article, against the archive's officials (or `gazetteer`)."""
    if gazetteer is None:
        from archive.extract.gazetteer_cache import current_gazetteer

        gazetteer = current_gazetteer()
    return suggest(article.body, gazetteer, article_day(article))


def queue_unresolved(article: Article, suggestions: list[Suggestion]) -> int:
    """Put the mentions that resolve to nobody in the editors' queue; returns how many were new.

    Idempotent: a mention already queued (or already dealt with) for the same
    span of the same article is not queued again.
    """
    from archive.models import UnresolvedMention

    pending = [s for s in suggestions if s.queued]
    if not pending:
        return 0
    known = set(UnresolvedMention.objects.filter(article=article).values_list("start", "end"))
    new = [
        UnresolvedMention(
            article=article,
            start=s.start,
            end=s.end,
            text=s.text,
            kind=s.via,
            context=article.body[max(0, s.start - 60) : s.end + 60],
        )
        for s in pending
        if (s.start, s.end) not in known
    ]
    UnresolvedMention.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
