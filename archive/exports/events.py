"""The events export: its columns and its rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from archive.exports.rows import CHUNK_SIZE, page_columns
from archive.exports.writer import Column, dated_columns
from archive.models import Article


def event_columns(request: HttpRequest) -> list[Column]:
    return [
        *page_columns(request, "archive:event-detail"),
        Column("kind", lambda e: e.kind),
        Column("title", lambda e: e.title),
        *dated_columns("start", lambda e: e.start),
        *dated_columns("end", lambda e: e.end),
        Column("place", lambda e: e.place),
        Column("countries", lambda e: [c.code for c in e.countries.all()]),
        Column("officials", lambda e: [o.name for o in e.officials.all()]),
        Column("official_ids", lambda e: [o.pk for o in e.officials.all()]),
        Column("article_ids", lambda e: [a.pk for a in e.public_articles]),
        Column("sources", lambda e: sorted({a.source.name for a in e.public_articles if a.source})),
    ]


def event_records(queryset: QuerySet) -> Iterator[Any]:
    return queryset.prefetch_related(
        "countries",
        "officials",
        Prefetch(
            "articles",
            queryset=Article.objects.public().select_related("source").order_by("published_at", "id"),
            to_attr="public_articles",
        ),
    ).iterator(chunk_size=CHUNK_SIZE)
