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
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import tantivy
from django.conf import settings

from archive.search import changelog, facetcounts, indexdir, threads
from archive.search.compile import Compiled, compile_tree, everything
from archive.search.compile import with_filters as _with_filters
from archive.search.indexdir import IndexBusy, IndexMissing, OpenIndex
from archive.search.ordering import (
    RELEVANCE,
    after_clause,
    every_id,
    keyed,
    order_for,
    page,
    page_with_keys,
    tiered_page,
)
from archive.search.query import read
from archive.search.schema import (
    ARTICLES,
    OFFICIALS,
    STATEMENTS,
    country_number,
    schema_of,
)
from archive.search.stories import later_copies

log = logging.getLogger(__name__)

Occur = tantivy.Occur
Query = tantivy.Query

# Offsets and limits past any archive's size are cut here, before Tantivy sees them.
MAX_OFFSET = 2**40
EXPORT_BATCH = 5000

BUILDING_NOTE = "نمایهٔ جست‌وجو در حال ساخته شدن است؛ چند دقیقهٔ دیگر دوباره بکوشید."


@dataclass
class Hits:
    """One page of a search: ids in order, how many match in all, facet counts, Persian notes.

    `facets` maps a facet name to ``[(value, count), …]``, most frequent first
    (the year facet: every year, newest first; the month facet, yyyymm: every
    month, oldest first); values are ids or codes.
    `last_key` is the sort key of the page's last record when the order can
    resume after it (newest and oldest): what `search(after=…)` takes. With
    `after`, `count` counts the matches after that key, not all of them.

    The facets may still be counting on a helper thread when the hits are
    returned (`counting`): the caller reads the page's rows and cuts its
    snippets meanwhile, and waits only when it reads `facets`.
    """

    ids: list[int]
    count: int
    counting: dict[str, list[tuple[Any, int]]] | facetcounts.Counting = field(
        default_factory=dict, repr=False
    )
    notes: list[str] = field(default_factory=list)
    last_key: tuple[int, int] | None = None

    @property
    def facets(self) -> dict[str, list[tuple[Any, int]]]:
        if isinstance(self.counting, facetcounts.Counting):
            self.counting = self.counting.result()[0]
        return self.counting


class NotKeyed(ValueError):
    """`after` was given for a list whose order cannot resume after a key (relevance, names)."""


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


def _filter_clauses(kind: str, filters: Any) -> tuple[list[tantivy.Query], list[tantivy.Query]]:
    """`filters` as (clauses every record must match, clauses no record may match).

    Public records are asked for as *not withdrawn*: they are nearly all of
    the index, and a query intersected with a list of nearly every document
    reads both lists in step, where excluding the few withdrawn ones skips
    them. Over 100,000 articles, ranking a page of «در» (98,000 matches):
    7.0 ms as «public», 2.2 as «not withdrawn»; «ترس» (33,000): 1.5 and 1.0.
    """
    clauses, excluded = [], []
    for attr, name in _FILTER_FIELDS[kind].items():
        value = getattr(filters, attr, None)
        if attr == "public" and value is True:
            excluded.append(_term(kind, name, False))  # every document has the flag
        elif value is not None and value != "":
            clauses.append(_term(kind, name, country_number(value) if attr == "country" else value))
    ids = getattr(filters, "ids", None)
    if ids is not None:
        clauses.append(Query.term_set_query(schema_of(kind).schema, "id", list(ids)))
    start, end = getattr(filters, "date_from", None), getattr(filters, "date_to", None)
    if start is not None or end is not None:
        clauses.append(_date_range(kind, start, end))
    return clauses, excluded


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
    _warm_totals(kind, opened)
    return opened


# -- facet totals ahead of the query --------------------------------------------

# The facet totals of a new commit are counted on the totals threads as soon
# as a request of this process sees that commit, for the list's own filters
# (none) and those a frequent query last used (`facetcounts.Totals.used`): the
# first frequent query after a write then finds them counted, or being counted
# (at a million articles, 110–125 ms a part it no longer waits for alone).
_DEFAULT_FILTERS = {ARTICLES: ArticleFilters()}
_warmed: dict[str, tuple] = {}


def _warm_totals(kind: str, opened: OpenIndex) -> None:
    """Once per commit and process: start counting the totals of the filter sets last used."""
    if kind not in _DEFAULT_FILTERS:
        return
    searcher = opened.searcher()
    commit = _commit(kind, opened, searcher)
    if _warmed.get(kind) == commit:
        return
    _warmed[kind] = commit
    default = _DEFAULT_FILTERS[kind]
    bases = {default: _base(kind, default), **facetcounts.TOTALS.last_used(kind)}
    for filters, base in bases.items():
        key = _base_key(commit, searcher, filters)
        for part in facetcounts.parts(kind):
            facetcounts.TOTALS.warm((key, part), partial(facetcounts.aggregate, searcher, base, kind, part))


def _commit(kind: str, opened: OpenIndex, searcher: tantivy.Searcher) -> tuple[str, int | None]:
    """(index directory, log position): the commit `searcher` sees."""
    return (str(opened.directory), indexdir.meta_position(kind, searcher))


def _base(kind: str, filters: Any) -> tantivy.Query:
    """The query of `filters` alone: what their facet totals count."""
    return _with_filters(everything(), *_filter_clauses(kind, filters))


def _base_key(commit: tuple, searcher: tantivy.Searcher, filters: Any) -> tuple:
    """What names the totals of `filters` on `commit` (`facetcounts.TOTALS`)."""
    return (*commit, searcher.num_docs, filters)


# -- the calls ------------------------------------------------------------------


# Below this many documents a term's frequency is checked by counting: the term
# dictionary also counts documents deleted since their segment last merged, and
# a source whose few public articles were all withdrawn must count 0.
EXACT_BELOW = 2000


def popularity(kind: str, field: str, values: Iterable[int]) -> dict[int, int]:
    """How many public records of `kind` name each of `values` in `field` (`public_sources`…).

    From the term dictionary: microseconds a value, whatever the archive's size,
    where a terms aggregation over every public document takes 70–110 ms at a
    million. Counts of EXACT_BELOW and more also hold documents replaced since
    their segment last merged: a ranking, never a figure shown to a reader.
    Empty while the index is being built.
    """
    opened = ready(kind, _using())
    if opened is None:
        return {}
    searcher = opened.searcher()
    counts = {value: searcher.doc_freq(field, value) for value in values}
    for value, n in counts.items():
        if 0 < n < EXACT_BELOW:
            counts[value] = searcher.search(_term(kind, field, value), limit=1, count=True).count
    return counts


def _compile(kind: str, searcher, text: str, optional_keys: frozenset[str]) -> Compiled:
    if not text:
        return Compiled(everything(), ranked=False)
    reading = read(text, optional_keys=optional_keys)
    compiled = compile_tree(reading.tree, schema_of(kind), searcher)
    compiled.notes[:0] = reading.notes
    return compiled


@dataclass
class Prepared:
    """A search ready to run on one searcher (one commit of the index).

    `query` is None when nothing is searchable; `tiers`: see `Compiled.tiers`.
    `base` is the filters' query alone and `base_key` names it on this commit,
    for counting the facets of a query that matches most of it (None where
    the filters depend on the query: one copy per story, an id list).
    """

    searcher: tantivy.Searcher
    query: tantivy.Query | None
    ranked: bool
    notes: list[str]
    tiers: tuple | None = None
    share: float = 1.0
    base: tantivy.Query | None = None
    base_key: tuple | None = None
    commit: tuple | None = None  # (index directory, log position): what this searcher sees
    positional: bool = False  # see `Compiled.positional`

    def facet_parts(self, kind: str) -> list[Future]:
        """The facets of the search, counted in parts on the helper threads (`facetcounts.Counting`)."""
        return [
            threads.beside().submit(
                facetcounts.count_part,
                self.searcher,
                self.query,
                kind,
                part,
                share=self.share,
                base=self.base,
                base_key=self.base_key,
            )
            for part in facetcounts.parts(kind, self.positional)
        ]


def _prepare(kind: str, text: str, filters: Any, optional_keys: frozenset[str] = frozenset()):
    """The search of `text` and `filters` on `kind`'s index (`Prepared`), None while it is being built."""
    opened = ready(kind, _using())
    if opened is None:
        return None
    searcher = opened.searcher()
    compiled = _compile(kind, searcher, text, optional_keys)
    if compiled.query is None:
        return Prepared(searcher, None, False, compiled.notes)
    clauses, excluded = _filter_clauses(kind, filters)
    query = _with_filters(compiled.query, clauses, excluded)
    prepared = Prepared(searcher, query, compiled.ranked, compiled.notes, compiled.tiers, compiled.share)
    prepared.positional = compiled.positional
    prepared.commit = _commit(kind, opened, searcher)
    if getattr(filters, "one_per_story", False):
        prepared.query = _with_filters(query, [], [later_copies(searcher, kind, query)])
    elif getattr(filters, "ids", None) is None and facetcounts.has_facets(kind):
        prepared.base = _with_filters(everything(), clauses, excluded)
        prepared.base_key = _base_key(prepared.commit, searcher, filters)
        if prepared.share > facetcounts.MOST and filters != _DEFAULT_FILTERS.get(kind):
            facetcounts.TOTALS.used(kind, filters, prepared.base)
    return prepared


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
    after: tuple[int, int] | None = None,
) -> Hits:
    """One page of `kind` matching `text` and `filters`, its count and (if asked) its facets.

    An empty `text` lists every record the filters keep; a query with nothing
    searchable matches nothing; exclusions only are ordered by date. `after`
    (a `Hits.last_key`) starts the page after that record instead of at
    `offset`; it raises NotKeyed where the order has no such key.
    """
    prepared = _prepare(kind, text, filters, optional_keys)
    if prepared is None:
        return Hits([], 0, notes=[BUILDING_NOTE])
    searcher, query, notes, tiers = prepared.searcher, prepared.query, prepared.notes, prepared.tiers
    if query is None:
        return Hits([], 0, {name: [] for name in facetcounts.names(kind)} if facets else {}, notes)
    offset, limit = min(max(offset, 0), MAX_OFFSET), min(max(limit, 0), MAX_OFFSET)
    order = order_for(kind, sort, prepared.ranked)
    # The facets are counted on a second core while this thread ranks the page.
    counting = facetcounts.Counting(prepared.facet_parts(kind), kind) if facets else None
    if after is not None:
        if not keyed(order):
            raise NotKeyed(f"{kind} in {sort} order has no key to resume after")
        # After the story filter: a story's first copy is chosen among all the matches.
        query = _with_filters(query, [after_clause(schema_of(kind).schema, order, after)])
    if tiers is not None and order.field is None:
        total = (lambda: counting.result()[1]) if counting else None
        ids, keys, count = tiered_page(searcher, query, tiers, order, offset, limit, total)
    else:
        ids, keys, count = page_with_keys(searcher, query, order, offset, limit)
    last_key = (int(keys[-1][0]), int(keys[-1][1])) if keys and keyed(order) else None
    return Hits(ids, count, counting or {}, notes, last_key)


def months(kind: str, text: str, filters: Any) -> dict[int, int]:
    """How many records match `text` and `filters` in each Solar Hijri month (yyyymm → count).

    The aggregation the page's facets make (`month` is one of them), alone:
    for a series asked without its page (the chart's CSV) and for the share,
    whose denominator is the same filters without the text. Undated records
    are in no month; nothing while the index is being built.
    """
    prepared = _prepare(kind, text, filters)
    if prepared is None or prepared.query is None:
        return {}
    found, _ = facetcounts.aggregate(prepared.searcher, prepared.query, kind, ("month",))
    return {int(month): n for month, n in found["month"].items()}


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
    if prepared is None or prepared.query is None:
        return
    searcher, query = prepared.searcher, prepared.query
    order = order_for(kind, sort, prepared.ranked)
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
