"""The officials export: its columns and its rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest

from archive.exports.rows import page_columns
from archive.exports.writer import Column
from archive.models import Official


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


def official_records(id_batches: Iterable[list[int]]) -> Iterator[Any]:
    """Officials with their aliases, positions and public statement count, in the order of `id_batches`."""
    rows = (
        Official.objects.select_related("country")
        .with_public_counts()
        .prefetch_related("aliases", "positions")
    )
    for ids in id_batches:
        by_id = rows.in_bulk(ids)
        yield from (by_id[pk] for pk in ids if pk in by_id)
