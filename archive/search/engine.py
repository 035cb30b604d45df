"""The search calls: a page of ids, the exact count and the facets in one call to the index.

`search` takes a kind, the text typed, the list's filters (ids and codes), a
sort and a slice, and returns `Hits`; the database then supplies only the
rows of the page. `iter_ids` gives every matching id in order, in batches,
for an export; archive/search/__init__.py names them per kind. Before
answering, a request catches the index up with the change log if it is
behind (`catch_up`), so a write from any process is seen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tantivy
from django.conf import settings

from archive.search import changelog, indexdir
from archive.search.compile import Compiled, compile_tree, everything
from archive.search.indexdir import IndexBusy, IndexMissing, OpenIndex
from archive.search.ordering import RELEVANCE, every_id, order_for, page
from archive.search.query import parse
from archive.search.schema import ARTICLES, OFFICIALS, STATEMENTS, country_code, country_number, schema_of

log = logging.getLogger(__name__)

Occur = tantivy.Occur
Query = tantivy.Query

FACET_LIMIT = 10
# Offsets and limits past any archive's size are cut here, before Tantivy sees them.
MAX_OFFSET = 2**40
# Buckets Tantivy keeps per segment before merging them: above any facet's
# number of distinct values, so the counts are exact.
_SEGMENT_SIZE = 1_000_000
EXPORT_BATCH = 5000

BUILDING_NOTE = "نمایهٔ جست‌وجو در حال ساخته شدن است؛ چند دقیقهٔ دیگر دوباره بکوشید."


@dataclass
class Hits:
    """One page of a search: ids in order, how many match in all, facet counts, Persian notes.

    `facets` maps a facet name to ``[(value, count), …]``, most frequent first
    (the year facet: every year, newest first); values are ids or codes.
    """

    ids: list[int]
    count: int
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleFilters:
    """What the article list filters on; instants bound the publication time, `date_to` exclusive."""

    public: bool | None = True
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None
    source: int | None = None  # published by it or citing it
    country: str | None = None
    official: int | None = None  # quoted, or taking part in a reported event
    event: int | None = None
    kind: str | None = None
    one_per_story: bool = False  # a story counts once: its earliest-imported copy
    ids: tuple[int, ...] | None = None  # only among these (an alert's new records)


@dataclass(frozen=True)
class StatementFilters:
    public: bool | None = True  # the article's public flag
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None
    official: int | None = None
    country: str | None = None  # the official's country
    source: int | None = None  # the article's source
    event: int | None = None
    kind: str | None = None
    article: int | None = None
    ids: tuple[int, ...] | None = None  # only among these (an alert's new records)


@dataclass(frozen=True)
class OfficialFilters:
    country: str | None = None


def _term(kind: str, name: str, value: Any) -> tantivy.Query:
    return Query.term_query(schema_of(kind).schema, name, value)


def _clamped(instant: dt.datetime | None) -> dt.datetime | None:
    # Tantivy keeps dates as nanoseconds since 1970 (years 1677–2262) and refuses a bound
    # outside them; a date typed beyond («۰۰۰۱/۰۱/۰۱», «9999/12/31») is held at the edge.
    if instant is None:
        return None
    return min(max(instant, tantivy.MIN_DATETIME), tantivy.MAX_DATETIME)


def _date_range(kind: str, start: dt.datetime | None, end: dt.datetime | None) -> tantivy.Query:
    # The upper bound excludes its instant (the start of the day after); an open side must stay inclusive.
    start, end = _clamped(start), _clamped(end)
    return Query.range_query(
        schema_of(kind).schema, "published", tantivy.FieldType.Date, start, end, include_upper=end is None
    )


# Filter name → index field, per kind.
_FILTER_FIELDS = {
    ARTICLES: {
        "public": "public",
        "source": "sources",
        "country": "countries",
        "official": "officials",
        "event": "events",
        "kind": "kinds",
    },
    STATEMENTS: {
        name: name for name in ("public", "source", "country", "official", "event", "kind", "article")
    },
    OFFICIALS: {"country": "country"},
}


def _filter_clauses(kind: str, filters: Any) -> list[tantivy.Query]:
    clauses = []
    for attr, name in _FILTER_FIELDS[kind].items():
        value = getattr(filters, attr, None)
        if value is not None and value != "":
            clauses.append(_term(kind, name, country_number(value) if attr == "country" else value))
    ids = getattr(filters, "ids", None)
    if ids is not None:
        clauses.append(Query.term_set_query(schema_of(kind).schema, "id", list(ids)))
    start, end = getattr(filters, "date_from", None), getattr(filters, "date_to", None)
    if start is not None or end is not None:
        clauses.append(_date_range(kind, start, end))
    return clauses


def _with_filters(query: tantivy.Query, clauses: list[tantivy.Query]) -> tantivy.Query:
    if not clauses:
        return query
    # Filters must match but add nothing to the score.
    return Query.boolean_query(
        [(Occur.Must, query), *((Occur.Must, Query.const_score_query(c, 0.0)) for c in clauses)]
    )


# -- keeping up with the log ----------------------------------------------------


def applied_position(opened: OpenIndex) -> int:
    """The log position of the commit this process's reader sees."""
    return indexdir.meta_position(opened.kind, opened.searcher()) or 0


def is_current(opened: OpenIndex, using: str = "default") -> bool:
    """Whether the reader has every change the log holds (one indexed read of the log)."""
    return applied_position(opened) >= changelog.position(using=using)


def catch_up(opened: OpenIndex, using: str = "default") -> None:
    """Apply the log if the index is behind, without waiting: if another process is
    writing, only move the reader to the newest commit; that writer applies the rest."""
    if is_current(opened, using):
        return
    try:
        from archive.search.follow import sync_index

        sync_index(opened, wait=0.0, using=using)
    except IndexBusy:
        opened.index.reload()


def ready(kind: str, using: str = "default") -> OpenIndex | None:
    """`kind`'s index, caught up; None while a missing one is being rebuilt in the background."""
    try:
        opened = indexdir.open_current(kind)
    except IndexMissing as exc:
        from archive.search.build import recover

        if not recover(kind, exc, using):
            return None
        opened = indexdir.open_current(kind)
    catch_up(opened, using)
    return opened


# -- the calls ------------------------------------------------------------------


def _facet_spec(kind: str) -> dict:
    def terms(name: str, size: int = FACET_LIMIT) -> dict:
        return {"terms": {"field": name, "size": size, "segment_size": _SEGMENT_SIZE}}

    if kind == ARTICLES:
        return {
            "source": terms("sources"),
            "year": terms("year", 10_000),
            "country": terms("countries"),
            "official": terms("officials"),
            "kind": terms("kinds", 100),
        }
    return {}


def _facets(searcher, query, kind: str) -> dict[str, list[tuple[Any, int]]]:
    spec = _facet_spec(kind)
    if not spec:
        return {}
    found = searcher.aggregate(query, spec)
    out = {
        name: [(b["key"], int(b["doc_count"])) for b in found.get(name, {}).get("buckets", [])]
        for name in spec
    }
    out["year"] = sorted(((int(k), n) for k, n in out.get("year", [])), reverse=True)
    for name in ("source", "official"):
        out[name] = [(int(k), n) for k, n in out[name]]
    out["country"] = [(country_code(k), n) for k, n in out["country"]]
    return out


def _first_copies(searcher, kind: str, query) -> tantivy.Query:
    """Records without a story, or the lowest id of each story among those `query` matches."""
    spec = {
        "stories": {
            "terms": {"field": "story", "size": 65_000, "segment_size": _SEGMENT_SIZE},
            "aggs": {"first": {"min": {"field": "id"}}},
        }
    }
    buckets = searcher.aggregate(query, spec)["stories"]["buckets"]
    first = [int(b["first"]["value"]) for b in buckets]
    alone = Query.boolean_query([(Occur.Must, everything()), (Occur.MustNot, Query.exists_query("story"))])
    clauses = [(Occur.Should, alone)]
    if first:
        clauses.append((Occur.Should, Query.term_set_query(schema_of(kind).schema, "id", first)))
    return Query.boolean_query(clauses)


def _compile(kind: str, searcher, text: str, optional_keys: frozenset[str]) -> Compiled:
    if not text:
        return Compiled(everything(), ranked=False)
    return compile_tree(parse(text, optional_keys=optional_keys), schema_of(kind), searcher)


def _prepare(kind: str, text: str, filters: Any, optional_keys: frozenset[str] = frozenset()):
    """(searcher, query or None, ranked, notes), or None while the index is being built."""
    opened = ready(kind, _using())
    if opened is None:
        return None
    searcher = opened.searcher()
    compiled = _compile(kind, searcher, text, optional_keys)
    if compiled.query is None:
        return searcher, None, False, compiled.notes
    query = _with_filters(compiled.query, _filter_clauses(kind, filters))
    if getattr(filters, "one_per_story", False):
        query = _with_filters(query, [_first_copies(searcher, kind, query)])
    return searcher, query, compiled.ranked, compiled.notes


def _using() -> str:
    return getattr(settings, "SEARCH_DATABASE", "default")


def search(
    kind: str,
    text: str,
    filters: Any,
    *,
    sort: str = RELEVANCE,
    offset: int = 0,
    limit: int = 20,
    facets: bool = False,
    optional_keys: frozenset[str] = frozenset(),
) -> Hits:
    """One page of `kind` matching `text` and `filters`, its count and (if asked) its facets.

    An empty `text` lists every record the filters keep; a query with nothing
    searchable matches nothing; exclusions only are ordered by date.
    """
    prepared = _prepare(kind, text, filters, optional_keys)
    if prepared is None:
        return Hits([], 0, notes=[BUILDING_NOTE])
    searcher, query, ranked, notes = prepared
    if query is None:
        return Hits([], 0, {name: [] for name in _facet_spec(kind)} if facets else {}, notes)
    offset, limit = min(max(offset, 0), MAX_OFFSET), min(max(limit, 0), MAX_OFFSET)
    ids, count = page(searcher, query, order_for(kind, sort, ranked), offset, limit)
    return Hits(ids, count, _facets(searcher, query, kind) if facets else {}, notes)


def iter_ids(
    kind: str,
    text: str,
    filters: Any,
    *,
    sort: str = RELEVANCE,
    batch: int = EXPORT_BATCH,
    optional_keys: frozenset[str] = frozenset(),
) -> Iterator[list[int]]:
    """Every matching id in the order `search` pages them, in lists of `batch`.

    One searcher for the whole export: the rows are those of one commit,
    however long the export takes. Memory stays a few bytes per match
    (archive/search/ordering.py).
    """
    prepared = _prepare(kind, text, filters, optional_keys)
    if prepared is None or prepared[1] is None:
        return
    searcher, query, ranked, _ = prepared
    order = order_for(kind, sort, ranked)
    if order.field == "name":
        # Officials, by name: a few thousand, paged.
        offset = 0
        while True:
            ids, count = page(searcher, query, order, offset, batch)
            if ids:
                yield ids
            offset += batch
            if offset >= count:
                return
    yield from every_id(searcher, kind, query, order, batch)
