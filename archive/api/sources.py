"""One page of a list's ids, from where a cursor says, and the position of the page after it.

`IndexedSource` pages an `IndexedFilterSet` (articles, statements, officials)
through the index calls the page and the CSV use (`hits`); `QuerySetSource`
pages a plain FilterSet's ordered queryset (events) by keyset, reading the
order the FilterSet itself gave. Neither knows about HTTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from rest_framework.exceptions import APIException

from archive.api.cursors import InvalidCursor, Position
from archive.filters import IndexedFilterSet
from archive.search import NotKeyed
from archive.search.engine import BUILDING_NOTE


class IndexBuilding(APIException):
    status_code = 503
    default_detail = BUILDING_NOTE
    default_code = "index_building"


@dataclass
class Slice:
    """A page's ids in the list's order, where the next page starts (None: this is the last), notes."""

    ids: list[int]
    next: Position | None
    notes: list[str] = field(default_factory=list)


def _int_key(after: tuple) -> tuple[int, int]:
    if not all(isinstance(v, int) and 0 <= v < 2**64 for v in after):
        raise InvalidCursor()
    return after[0], after[1]


class IndexedSource:
    """A list whose ids come from the search index, as on its page and in its CSV."""

    def __init__(self, filterset: IndexedFilterSet) -> None:
        self.filterset = filterset

    def slice(self, position: Position, size: int) -> Slice:
        after = _int_key(position.after) if position.after is not None else None
        if after is not None and position.offset:
            raise InvalidCursor()
        try:
            hits = self.filterset.hits(offset=position.offset, limit=size, after=after)
        except NotKeyed:
            raise InvalidCursor() from None
        if BUILDING_NOTE in hits.notes:
            raise IndexBuilding()
        # With `after`, the index counts the matches from the page's start on; else all of them.
        if hits.count <= position.offset + len(hits.ids) or not hits.ids:
            return Slice(hits.ids, None, hits.notes)
        if hits.last_key is not None:
            return Slice(hits.ids, Position(after=hits.last_key), hits.notes)
        return Slice(hits.ids, Position(offset=position.offset + len(hits.ids)), hits.notes)

    def count(self) -> int:
        return self.filterset.count()


def _keyset(order_by: tuple[str, ...], values: tuple) -> Q:
    """Rows after `values` in `order_by` (fields all ascending or all descending)."""
    descending = {name.startswith("-") for name in order_by}
    if len(descending) != 1:
        raise ValueError(f"a keyset needs one direction, not {order_by}")
    lookup = "lt" if descending.pop() else "gt"
    names = [name.lstrip("-") for name in order_by]
    after = Q()
    for i, name in enumerate(names):
        equal = {n: v for n, v in zip(names[:i], values[:i], strict=True)}
        after |= Q(**equal, **{f"{name}__{lookup}": values[i]})
    return after


class QuerySetSource:
    """A list whose ids come from an ordered queryset (events: by start, then id), by keyset."""

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset
        self.order_by = tuple(queryset.query.order_by)
        if [name.lstrip("-") for name in self.order_by] != ["start", "id"]:
            raise ValueError(f"events are paged by (start, id), not {self.order_by}")

    def _after(self, after: tuple) -> tuple:
        # Event cursors hold (start as an ISO date, id): what `slice` put there.
        try:
            start, pk = after
            if not isinstance(pk, int) or not isinstance(start, str):
                raise ValueError
            return dt.date.fromisoformat(start), pk
        except ValueError:
            raise InvalidCursor() from None

    def slice(self, position: Position, size: int) -> Slice:
        if position.offset:
            raise InvalidCursor()
        rows = self.queryset
        if position.after is not None:
            rows = rows.filter(_keyset(self.order_by, self._after(position.after)))
        keys = list(rows.values_list("start", "id")[: size + 1])
        ids = [pk for _start, pk in keys[:size]]
        if len(keys) <= size:
            return Slice(ids, None)
        start, pk = keys[size - 1]
        return Slice(ids, Position(after=(start.isoformat(), pk)))

    def count(self) -> int:
        return self.queryset.count()
