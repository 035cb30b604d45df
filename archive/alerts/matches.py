"""What is new to an alert: the records its message lists.

A record is new to a subscription when all of these hold at the time of the run:
- it changed in the change log after the subscription's position (the run
  before, or its confirmation): created, edited, re-published, newly quoted…;
- it entered the archive (its `created_at`) after the subscription was
  confirmed: an article imported today with a publication date of 2019 is
  new, an edit to an article of last year is not;
- the list's search matches it now, public (a withdrawn article, and its
  statements, never appear);
- no earlier message of the subscription listed it (`SentMatch`).

So an article withdrawn before a run is not sent; if it is re-published
later, that write is in the log and the next run sends it, once. An article
sent, withdrawn and re-published is not sent again. Matches are listed
newest first (by publication date), ALERTS_MESSAGE_SIZE at most; the message
says how many more there are and links the search page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from archive.alerts.models import SentMatch, Subscription
from archive.alerts.searches import filterset_of
from archive.models import Article, ChangeKind, SearchChange, Statement

CHUNK = 5000


@dataclass
class Found:
    ids: list[int]  # listed, newest first
    more: int = 0  # matches past the message's size, not listed


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


@dataclass
class Candidates:
    """The records of each followed list that changed in one window of the log, with when they entered.

    One run computes a window once for every subscription that shares it
    (after a run, every alert of a rate is at the same position).
    """

    upto: int
    _windows: dict[tuple[str, int], dict[int, dt.datetime]] = field(default_factory=dict)

    def entered(self, name: str, after: int) -> dict[int, dt.datetime]:
        """id → created_at of list `name`'s records changed in (after, upto]."""
        key = (name, after)
        if key not in self._windows:
            self._windows[key] = self._compute(name, after)
        return self._windows[key]

    def _compute(self, name: str, after: int) -> dict[int, dt.datetime]:
        changed = SearchChange.objects.filter(seq__gt=after, seq__lte=self.upto)
        article_ids = sorted(set(changed.filter(kind=ChangeKind.ARTICLE).values_list("object_id", flat=True)))
        if name == "articles":
            out: dict[int, dt.datetime] = {}
            for chunk in _chunks(article_ids):
                out.update(Article.objects.filter(pk__in=chunk).values_list("pk", "created_at"))
            return out
        # A statement is visible when its article is: an article's write (re-publication) counts for them.
        statement_ids = set(changed.filter(kind=ChangeKind.STATEMENT).values_list("object_id", flat=True))
        out = {}
        for chunk in _chunks(sorted(statement_ids)):
            out.update(Statement.objects.filter(pk__in=chunk).values_list("pk", "created_at"))
        for chunk in _chunks(article_ids):
            out.update(Statement.objects.filter(article_id__in=chunk).values_list("pk", "created_at"))
        return out


def new_matches(subscription: Subscription, candidates: Candidates) -> Found:
    """What the next message of `subscription` lists (see the module's docstring)."""
    entered = candidates.entered(subscription.list_name, subscription.position)
    fresh = {pk for pk, created in entered.items() if created > subscription.confirmed_at}
    if not fresh:
        return Found([])
    for chunk in _chunks(sorted(fresh)):
        fresh -= set(
            SentMatch.objects.filter(subscription=subscription, object_id__in=chunk).values_list(
                "object_id", flat=True
            )
        )
    if not fresh:
        return Found([])
    hits = filterset_of(subscription.list_name, subscription.query).newest(
        settings.ALERTS_MESSAGE_SIZE, among=fresh
    )
    return Found(hits.ids, max(hits.count - len(hits.ids), 0))
