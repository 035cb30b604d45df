"""The facet counts of a search and the count of its matches: two aggregations, on two helper threads.

A query matching most of the archive («در», «با*») is counted by what it
does *not* match: the facets of its filters alone (the totals, kept per
index commit) less the facets of the records the filters keep and the query
misses. Over a million articles, aggregating 980,000 matches took 110–125 ms;
the 20,000 others take a few. Any other query is counted over its matches.
Both ways give the same exact counts, in the same order: most frequent
first, ties by value.

Whether a query matches "most" is estimated from the term dictionary before
any record is read (`Compiled.share`); a wrong guess costs time, never a
wrong count.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import tantivy

from archive.search.schema import ARTICLES, country_code

Occur = tantivy.Occur
Query = tantivy.Query

FACET_LIMIT = 10
# Buckets Tantivy keeps per segment before merging them, and per facet
# returned: above any facet's number of distinct values, so every count is exact
# and the two ways of counting can be subtracted.
_ALL = 1_000_000
# Above this estimated share of the filtered records, a query is counted by the complement.
MOST = 0.6

# Facet name → (index field, values shown, the value from the index's key).
# The year facet is summed from the months.
_FACETS = {
    ARTICLES: {
        "month": ("month", None, int),  # every month (yyyymm), oldest first
        "source": ("sources", FACET_LIMIT, int),
        "country": ("countries", FACET_LIMIT, country_code),
        "official": ("officials", FACET_LIMIT, int),
        "kind": ("kinds", 100, str),
    }
}
# Beside the facets, the count of all matches (every document has an id): a
# page of prefixes alone then needs no search of its lower tier to count it.
_MATCHES = {"matches": {"value_count": {"field": "id"}}}

Raw = dict[str, dict[Any, int]]


def has_facets(kind: str) -> bool:
    return kind in _FACETS


def names(kind: str) -> tuple[str, ...]:
    """The facets a page of `kind` shows, `year` included."""
    return (*_FACETS[kind], "year") if kind in _FACETS else ()


# The facets are counted in two parts, each on a helper thread: a part's
# aggregations read their columns in one pass over the matches, and the two
# parts take about as long (over 48,000 matches: 5.0 and 5.9 ms).
_PARTS = {ARTICLES: (("month", "source", "kind"), ("country", "official"))}


def parts(kind: str, positional: bool = False) -> tuple[tuple[str, ...], ...]:
    """The parts `kind`'s facets are counted in, each on a helper thread.

    A query whose every match has its positions checked (a phrase) is counted
    in one part: each part matches the query anew, and there matching costs
    more than the columns it saves (over a million articles, «"شورای امنیت"»
    195 ms a page in two parts, 167 in one; «"سازمان ملل"» 145 and 129).
    """
    split = _PARTS.get(kind, ())
    if positional and split:
        return (tuple(name for part in split for name in part),)
    return split


def _spec(kind: str, part: tuple[str, ...]) -> dict:
    spec = {
        name: {"terms": {"field": field, "size": _ALL, "segment_size": _ALL}}
        for name, (field, *_) in _FACETS[kind].items()
        if name in part
    }
    return {**spec, **_MATCHES}


def aggregate(
    searcher: tantivy.Searcher, query: tantivy.Query, kind: str, part: tuple[str, ...] | None = None
) -> tuple[Raw, int]:
    """Every value's count in each facet (of `part`, else all) of `query`'s matches, and how many match."""
    part = tuple(_FACETS[kind]) if part is None else part
    found = searcher.aggregate(query, _spec(kind, part))
    raw = {
        name: {b["key"]: int(b["doc_count"]) for b in found.get(name, {}).get("buckets", [])} for name in part
    }
    return raw, int(found["matches"]["value"])


def shaped(kind: str, raw: Raw) -> dict[str, list[tuple[Any, int]]]:
    """The facets as a page shows them: ``[(value, count), …]`` per facet, ids and codes as values."""
    out: dict[str, list[tuple[Any, int]]] = {}
    for name, (_, shown, value) in _FACETS[kind].items():
        pairs = [(value(k), n) for k, n in raw[name].items() if n > 0]
        if shown is None:
            out[name] = sorted(pairs)
        else:
            out[name] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:shown]
    if "month" in out:
        years: dict[int, int] = {}
        for month, n in out["month"]:
            years[month // 100] = years.get(month // 100, 0) + n
        out["year"] = sorted(years.items(), reverse=True)
    return out


def count_part(
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    kind: str,
    part: tuple[str, ...],
    *,
    share: float = 0.0,
    base: tantivy.Query | None = None,
    base_key: Hashable | None = None,
) -> tuple[Raw, int]:
    """Every value's count in the facets of `part` for `query`'s matches, and how many match.

    `base` is the query of the filters alone (of which `query` keeps a part)
    and `base_key` names it with the index commit it is counted on; given
    both, and a `share` of the base estimated above MOST, the counts are the
    base's totals less those of the base's records `query` misses.
    """
    if base is None or base_key is None or share <= MOST:
        return aggregate(searcher, query, kind, part)
    totals, total = TOTALS.get((base_key, part), lambda: aggregate(searcher, base, kind, part))
    rest = Query.boolean_query([(Occur.Must, base), (Occur.MustNot, query)])
    missed, missed_count = aggregate(searcher, rest, kind, part)
    raw = {
        name: {k: n - missed[name].get(k, 0) for k, n in counts.items()} for name, counts in totals.items()
    }
    return raw, total - missed_count


def merged(kind: str, found: list[tuple[Raw, int]]) -> tuple[dict[str, list[tuple[Any, int]]], int | None]:
    """The parts' counts as the page shows them (`shaped`), and the count of the matches.

    ({}, None) for a kind without facets (no parts).
    """
    if not found:
        return {}, None
    raw: Raw = {}
    for counts, _ in found:
        raw.update(counts)
    return shaped(kind, raw), found[0][1]


class Counting:
    """Facets being counted in parts on helper threads: `result()` waits and gives (facets, matches)."""

    def __init__(self, futures: list[Future], kind: str) -> None:
        self.futures, self.kind = futures, kind
        self._result: tuple[dict[str, list[tuple[Any, int]]], int | None] | None = None

    def done(self) -> bool:
        return all(future.done() for future in self.futures)

    def result(self) -> tuple[dict[str, list[tuple[Any, int]]], int | None]:
        if self._result is None:
            self._result = merged(self.kind, [future.result() for future in self.futures])
        return self._result


class Totals:
    """The facets of a filter set alone, per index commit: what a frequent query is subtracted from.

    They are the facets of the list without a query, not of any search: every
    query with the same filters, on the same commit, shares them. Kept for the
    process, a few entries at most (a new commit makes new keys; the oldest go).
    Each entry is a future: a query that needs totals being counted (by
    another request, or ahead of any on the totals threads: `warm`) waits for
    that count instead of counting again.
    """

    def __init__(self, size: int = 16, recent: int = 3) -> None:
        self.size, self.recent = size, recent
        self._entries: OrderedDict[Hashable, Future] = OrderedDict()
        # The filter sets whose totals queries last used, with their queries: what `warm` is asked for.
        self._used: OrderedDict[tuple[str, Hashable], Query] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: tuple[int, ThreadPoolExecutor] | None = None

    def _claim(self, key: Hashable) -> tuple[Future, bool]:
        """The entry for `key`, and whether the caller made it (and must fill it)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key], False
            future: Future = Future()
            self._entries[key] = future
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return future, True

    def _fill(self, key: Hashable, future: Future, compute: Callable[[], tuple[Raw, int]]) -> None:
        try:
            future.set_result(compute())
        except BaseException as exc:
            with self._lock:  # not kept: the next query counts again
                if self._entries.get(key) is future:
                    del self._entries[key]
            future.set_exception(exc)

    def get(self, key: Hashable, compute: Callable[[], tuple[Raw, int]]) -> tuple[Raw, int]:
        future, mine = self._claim(key)
        if mine:
            self._fill(key, future, compute)
            return future.result()
        try:
            return future.result()
        except Exception:  # the other count failed (its index directory replaced…): count here
            return compute()

    def warm(self, key: Hashable, compute: Callable[[], tuple[Raw, int]]) -> None:
        """Start counting `key`'s totals on the totals threads, unless they are counted or being counted."""
        future, mine = self._claim(key)
        if mine:
            self._threads().submit(self._fill, key, future, compute)

    def _threads(self) -> ThreadPoolExecutor:
        # Their own threads, not the facet helpers: a helper waits on these
        # futures, and a pool waiting on its own queue could wait forever.
        # One per facet part, per process (a pool made before a fork has no thread in the child).
        with self._lock:
            if self._pool is None or self._pool[0] != os.getpid():
                self._pool = (os.getpid(), ThreadPoolExecutor(2, thread_name_prefix="totals"))
            return self._pool[1]

    def used(self, kind: str, filters: Hashable, base: Query) -> None:
        """Remember that a query used the totals of `filters` (its `base` query), the `recent` last."""
        with self._lock:
            self._used[(kind, filters)] = base
            self._used.move_to_end((kind, filters))
            while len(self._used) > self.recent:
                self._used.popitem(last=False)

    def last_used(self, kind: str) -> dict[Hashable, Query]:
        with self._lock:
            return {filters: base for (k, filters), base in self._used.items() if k == kind}

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used.clear()


TOTALS = Totals()
