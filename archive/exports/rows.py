"""What the row builders share: grouped lists, page URLs, the chunk size of their reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from archive.exports.writer import Column, as_is

# Rows read from the database at a time: memory stays flat however long the export.
CHUNK_SIZE = 2000


def page_url(request: HttpRequest, view: str) -> Callable[[int], str]:
    """The absolute URL of a record's page from its id, without a reverse() per row."""
    template = request.build_absolute_uri(reverse(view, args=[987654321])).replace("987654321", "{}")
    return template.format


def page_columns(request: HttpRequest, view: str) -> list[Column]:
    """The `id` and `page_url` columns of a list whose records have their own page (`view`)."""
    url = page_url(request, view)
    return [
        Column("id", lambda record: record.pk, as_is),
        Column("page_url", lambda record: url(record.pk), as_is),
    ]


def id_set(ids: Iterable[int]) -> frozenset[int]:
    """`ids` as the value of an `__any_of` filter (archive/models/lookups.py).

    Django resolves a list or tuple value element by element before the
    lookup sees it (a few function calls per id: 6,000 a chunk of the
    articles' CSV, three queries of 2,000 ids); a set it passes on whole.
    """
    return frozenset(ids)


def in_order(ids: list[int], rows: Iterable[tuple]) -> list[tuple]:
    """`rows` (first value the id) in the order of `ids`; ids without a row (deleted since) are skipped."""
    by_id = {row[0]: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out
