"""The officials export: its columns and its rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from archive.exports.rows import CHUNK_SIZE, page_columns
from archive.exports.writer import Column


def official_columns(request: HttpRequest) -> list[Column]:
    return [
        *page_columns(request, "archive:official-detail"),
        Column("name", lambda o: o.name),
        Column("latin_name", lambda o: o.latin_name),
        Column("country", lambda o: o.country_id or ""),
        Column("aliases", lambda o: [a.name for a in o.aliases.all()]),
        Column(
            "positions",
            lambda o: [
                f"{p!s} ({p.start.isoformat()}–{p.end.isoformat() if p.end else ''})"
                for p in o.positions.all()
            ],
        ),
        Column("statement_count", lambda o: o.statement_count),
    ]


def official_records(queryset: QuerySet) -> Iterator[Any]:
    return queryset.prefetch_related("aliases", "positions").iterator(chunk_size=CHUNK_SIZE)
