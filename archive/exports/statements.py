"""The statements export: its columns and its rows, with the position each speaker held that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.http import HttpRequest

from archive.exports.rows import grouped, id_set, in_order, page_url
from archive.exports.writer import Column, as_is, dated_columns
from archive.models import Position, Statement, held_on, statement_day


class StatementRow(NamedTuple):
    pk: int
    official_id: int
    official_name: str
    official_position: str
    text: str
    direct: bool
    day: dt.date | None
    article_id: int
    article_title: str
    source: str | None
    published_at: dt.datetime | None
    event_id: int | None
    event_title: str | None
    start: int
    end: int


def statement_columns(request: HttpRequest) -> list[Column]:
    url = page_url(request, "archive:article-detail")
    return [
        Column("id", lambda s: s.pk, as_is),
        Column("page_url", lambda s: f"{url(s.article_id)}#statement-{s.pk}", as_is),
        Column("official_id", lambda s: s.official_id, as_is),
        Column("official_name", lambda s: s.official_name),
        Column("official_position", lambda s: s.official_position),
        Column("text", lambda s: s.text),
        Column("direct", lambda s: s.direct),
        *dated_columns("said_on", lambda s: s.day),
        Column("article_id", lambda s: s.article_id, as_is),
        Column("article_title", lambda s: s.article_title),
        Column("source", lambda s: s.source or ""),
        *dated_columns("published_at", lambda s: s.published_at),
        Column("event_id", lambda s: s.event_id or "", as_is),
        Column("event_title", lambda s: s.event_title or ""),
        Column("span_start", lambda s: s.start, as_is),
        Column("span_end", lambda s: s.end, as_is),
    ]


def statement_records(id_batches: Iterable[list[int]]) -> Iterator[StatementRow]:
    """Statements as plain rows, in the order of `id_batches`, with the position each speaker held that day.

    Two queries a batch.
    """
    rows = Statement.objects.public().values_list(
        "pk",
        "official_id",
        "official__name",
        "text",
        "direct",
        "said_on",
        "article_id",
        "article__title",
        "article__source__name",
        "article__published_at",
        "event_id",
        "event__title",
        "start",
        "end",
    )
    for ids in id_batches:
        chunk = in_order(ids, rows.filter(pk__any_of=id_set(ids)))
        positions = grouped(
            (p.official_id, p) for p in Position.objects.filter(official_id__in={row[1] for row in chunk})
        )
        for (
            pk,
            official_id,
            name,
            quoted,
            direct,
            said_on,
            article_id,
            title,
            source,
            published,
            *rest,
        ) in chunk:
            event_id, event_title, start, end = rest
            day = statement_day(said_on, published)
            held = held_on(positions[official_id], day)
            yield StatementRow(
                pk,
                official_id,
                name,
                str(held) if held else "",
                quoted,
                direct,
                day,
                article_id,
                title,
                source,
                published,
                event_id,
                event_title,
                start,
                end,
            )
