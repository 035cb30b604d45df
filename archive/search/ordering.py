"""The three sorts, exact to the last tie, for a page and for a whole export.

Tantivy orders hits by one key (the score or one fast field) and breaks ties
arbitrarily. Lists need a total order that does not change from one page to
the next: relevance with ties newest first, newest and oldest with ties by
id. An `Order` names the key and the fast fields that break its ties; `page`
and `every_id` apply it.

The chrono orders can also resume after a record (a keyset): `after_clause`
keeps only what comes after a page's last key, so the next page starts there
however many records were added before it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import tantivy

from archive.search.schema import ARTICLES, OFFICIALS, schema_of

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"

# Hits fetched on each side of a page, so that records tied with its first or
# last one (same score: reprints of one story often are) are seen and ordered.
_TIE_SLACK = 20
_TIE_CAP = 20_000
# An export reads the matches a slice of ids at a time (the score of a
# record does not depend on the slice), so Python holds one slice of hits
# and 24 bytes per match, not a list of a million hit objects.
SLICE = 50_000


@dataclass(frozen=True)
class Order:
    field: str | None  # None: the score
    descending: bool
    ties: tuple[tuple[str, bool], ...]  # (fast field, descending) breaking ties, in turn


def order_for(kind: str, sort: str, ranked: bool) -> Order:
    """The order of a list of `kind` for `sort`; an unranked query (exclusions only) goes by date."""
    by_id = (("id", False),)
    if kind == OFFICIALS:
        return Order(None, True, by_id) if ranked and sort == RELEVANCE else Order("name", False, by_id)
    if ranked and sort == RELEVANCE:
        # Ties newest first. The articles' chrono key ends in the id, so it is unique;
        # statements of one article in one second go by id.
        return Order(None, True, (("chrono", True),) if kind == ARTICLES else (("chrono", True), *by_id))
    return Order("chrono", sort != OLDEST, by_id)


def _search_kwargs(order: Order) -> dict:
    if order.field is None:
        return {}
    direction = tantivy.Order.Desc if order.descending else tantivy.Order.Asc
    return {"order_by_field": order.field, "order": direction}


def _sort_value(value, descending: bool):
    if isinstance(value, str):
        return value  # names only ever ascend
    value = value or 0
    return -value if descending else value


def keyed(order: Order) -> bool:
    """Whether a list in `order` can resume after a record's key: the chrono orders (ties by id)."""
    return order.field == "chrono" and order.ties == (("id", False),)


_U64_MAX = 2**64 - 1


def after_clause(schema: tantivy.Schema, order: Order, key: tuple[int, int]) -> tantivy.Query:
    """What comes after the record whose (chrono, id) is `key` in a keyed `order`."""
    chrono, last_id = key
    if order.descending:
        beyond = tantivy.Query.range_query(
            schema, "chrono", tantivy.FieldType.Unsigned, 0, chrono, include_upper=False
        )
    else:
        beyond = tantivy.Query.range_query(
            schema, "chrono", tantivy.FieldType.Unsigned, chrono, _U64_MAX, include_lower=False
        )
    same = tantivy.Query.range_query(schema, "chrono", tantivy.FieldType.Unsigned, chrono, chrono)
    later_id = tantivy.Query.range_query(
        schema, "id", tantivy.FieldType.Unsigned, last_id, _U64_MAX, include_lower=False
    )
    tied = tantivy.Query.boolean_query([(tantivy.Occur.Must, same), (tantivy.Occur.Must, later_id)])
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, beyond), (tantivy.Occur.Should, tied)])


def page(searcher: tantivy.Searcher, query, order: Order, offset: int, limit: int) -> tuple[list[int], int]:
    """Ids of hits [offset, offset + limit) in `order`, and the count of all hits."""
    ids, _keys, count = page_with_keys(searcher, query, order, offset, limit)
    return ids, count


def page_with_keys(
    searcher: tantivy.Searcher, query, order: Order, offset: int, limit: int
) -> tuple[list[int], list[tuple], int]:
    """`page`, with each hit's key in `order`: (the primary value, then each tie-break's).

    The key at each position of Tantivy's order is exact, only tied records
    may be swapped. A window a little wider than the page is fetched and
    widened until every record tied with the page's first and last hits is
    inside it; sorted by the key and the tie-breaks, the window then holds the
    page's records exactly where the full order puts them.
    """
    if limit <= 0:
        return [], [], searcher.search(query, limit=1, count=True).count
    low, high = max(0, offset - _TIE_SLACK), offset + limit + _TIE_SLACK
    while True:
        result = searcher.search(query, limit=high - low, offset=low, count=True, **_search_kwargs(order))
        hits, count = result.hits, result.count
        if offset >= count:
            return [], [], count
        first, last = offset - low, min(offset + limit, count) - 1 - low
        whole_start = low == 0 or hits[0][0] != hits[first][0]
        whole_end = low + len(hits) >= count or hits[-1][0] != hits[last][0]
        if (whole_start and whole_end) or high - low >= _TIE_CAP:
            break
        width = high - low
        if not whole_start:
            low = max(0, low - width)
        if not whole_end:
            high += width
    addresses = [address for _, address in hits]
    ids = [int(i) for i in searcher.fast_field_values("id", addresses)]
    columns = [ids if name == "id" else searcher.fast_field_values(name, addresses) for name, _ in order.ties]
    keys = [
        (
            _sort_value(score, order.descending),
            *(_sort_value(column[i], desc) for column, (_, desc) in zip(columns, order.ties, strict=True)),
        )
        for i, (score, _) in enumerate(hits)
    ]
    ranked = sorted(range(len(hits)), key=keys.__getitem__)[first : first + limit]
    raw = [(hits[i][0], *(column[i] for column in columns)) for i in ranked]
    return [ids[i] for i in ranked], raw, count


def tiered_page(
    searcher: tantivy.Searcher,
    query,
    tiers: tuple,
    order: Order,
    offset: int,
    limit: int,
    total: Callable[[], int | None] | None = None,
) -> tuple[list[int], list[tuple], int]:
    """`page_with_keys` in relevance `order` for a query scored in tiers (archive/search/compile.py).

    Every match of a tier has the same score, so the relevance order is each
    tier in turn (those matching `tiers[0]`, then the rest of those matching
    `tiers[1]`… then the others), each in the order of the ties: the index
    pages that by a fast field, without ranking every equal score by date.
    `total`, when given, tells the count of all the matches (the facets' call
    counts them), so the tiers after the page need not be searched.
    """
    (first, descending), *rest = order.ties
    within = Order(first, descending, tuple(rest))
    ids: list[int] = []
    keys: list[tuple] = []
    count = 0
    remaining = query
    levels = []
    for tier in tiers:
        levels.append(_both(remaining, tier))
        remaining = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, remaining), (tantivy.Occur.MustNot, tier)]
        )
    levels.append(remaining)
    for level in levels:
        if len(ids) >= limit and total is not None and (known := total()) is not None:
            return ids, keys, known
        # Its part of the page: from the offset less the matches of the tiers before it.
        level_ids, level_keys, level_count = page_with_keys(
            searcher, level, within, max(0, offset - count), limit - len(ids)
        )
        ids += level_ids
        keys += level_keys
        count += level_count
    return ids, keys, count


def _both(query, tier) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.const_score_query(tier, 0.0))]
    )


def every_id(searcher: tantivy.Searcher, kind: str, query, order: Order, batch: int) -> Iterator[list[int]]:
    """Every id `query` matches, in `order`, in lists of `batch`.

    The matches are read a slice of ids at a time, each slice's keys kept in
    numpy arrays; one sort of those arrays gives the order. Memory is a few
    bytes per match and one slice of hit objects, whatever the count.
    """
    top = searcher.search(query, limit=1, count=True, order_by_field="id", order=tantivy.Order.Desc)
    if not top.hits:
        return
    last_id = int(searcher.fast_field_values("id", [top.hits[0][1]])[0])
    schema = schema_of(kind).schema
    names = ["id", *(name for name, _ in order.ties if name != "id")]
    if order.field is not None and order.field != "chrono":
        raise ValueError(f"every_id orders by score or chrono, not {order.field}")
    dtype = np.float64 if order.field is None else np.uint64
    primary: list[np.ndarray] = []
    columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for low in range(0, last_id + 1, SLICE):
        within = tantivy.Query.range_query(schema, "id", tantivy.FieldType.Unsigned, low, low + SLICE - 1)
        sliced = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.const_score_query(within, 0.0))]
        )
        hits = searcher.search(sliced, limit=SLICE, count=False, **_search_kwargs(order)).hits
        if not hits:
            continue
        addresses = [address for _, address in hits]
        primary.append(np.array([key for key, _ in hits], dtype=dtype))
        for name in names:
            columns[name].append(np.array(searcher.fast_field_values(name, addresses), dtype=np.uint64))
        del hits, addresses
    if not primary:
        return
    keys = [_ascending(np.concatenate(primary), order.descending)]
    keys += [_ascending(np.concatenate(columns[name]), desc) for name, desc in order.ties]
    # lexsort sorts by the last key first.
    ranked = np.lexsort(keys[::-1])
    ids = np.concatenate(columns["id"])[ranked]
    for start in range(0, len(ids), batch):
        yield ids[start : start + batch].tolist()


def _ascending(values: np.ndarray, descending: bool) -> np.ndarray:
    if not descending:
        return values
    if values.dtype == np.uint64:
        return np.iinfo(np.uint64).max - values
    return -values
