"""The benchmark's measurements: each one a function returning plain figures.

Every function here runs against whatever database the default connection
points at; `python manage.py bench` points it at a database of its own
(never the site's) before calling them.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.test import Client

from archive.search import facetcounts
from benchmarks import corpus
from benchmarks.queries import Query

# ---------------------------------------------------------------------------
# Timing helpers


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation, as numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Timing:
    """Samples of one measured operation, in milliseconds."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Yields a list that holds the elapsed milliseconds once the block ends."""
    out: list[float] = []
    start = time.perf_counter()
    try:
        yield out
    finally:
        out.append((time.perf_counter() - start) * 1000)


def _sql_kind(sql: str) -> str:
    # Which part of the page a statement serves, read from its shape; good
    # enough to say where the time goes, not a parser.
    head = sql.lstrip()[:40].upper()
    if "GROUP BY" in sql.upper() or "UNION" in sql.upper():
        return "facets"
    if head.startswith("SELECT COUNT(") or "COUNT(*)" in sql[:60].upper():
        return "count"
    if "LIMIT" in sql.upper():
        return "rows"
    return "other"


@contextmanager
def sql_timer() -> Iterator[dict[str, float]]:
    """Milliseconds spent in SQL on the default connection during the block, by kind of statement."""
    spent: dict[str, float] = defaultdict(float)

    def wrapper(execute: Callable, sql: str, params, many: bool, context) -> object:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[_sql_kind(sql)] += (time.perf_counter() - start) * 1000

    with connection.execute_wrapper(wrapper):
        yield spent


SQL_KINDS = ("rows", "count", "facets", "other")
PARTS = (*SQL_KINDS, "snippets", "template")


@contextmanager
def view_timer(spent: dict[str, float]) -> Iterator[None]:
    """Adds the time in the list view's snippets and template (its SQL excluded) to `spent`.

    Wraps the names `archive.views` calls, for the block only; a name the view
    no longer has is simply not timed.
    """
    from archive import views

    originals = {name: getattr(views, name) for name in ("snippet", "render") if hasattr(views, name)}

    def sql_so_far() -> float:
        return sum(spent.get(kind, 0.0) for kind in SQL_KINDS)

    def timed(name: str, part: str) -> Callable:
        def wrapper(*args, **kwargs):
            sql_before, start = sql_so_far(), time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                elapsed = (time.perf_counter() - start) * 1000
                spent[part] = spent.get(part, 0.0) + elapsed - (sql_so_far() - sql_before)

        return wrapper

    parts = {"snippet": "snippets", "render": "template"}
    for name in originals:
        setattr(views, name, timed(name, parts[name]))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(views, name, original)


# ---------------------------------------------------------------------------
# Generation (the import is measured by benchmarks/importing.py)


def measure_generation(n: int, seed: int, start: int) -> float:
    """Articles per second the generator alone makes (no keys, no database)."""
    corpus.vocabulary()
    began = time.perf_counter()
    for _ in corpus.articles(n, seed, start):
        pass
    return n / (time.perf_counter() - began)


def measure_search_key(n: int, seed: int) -> tuple[float, float]:
    """`search_key` throughput over `n` corpus bodies: (MB of UTF-8 per second, MB measured).

    The lexicon is built before the timing and the token cache emptied, so the
    figure includes filling the cache, as a fresh process would.
    """
    from archive import text

    sample = "\n\n".join(item.body for item in corpus.articles(n, seed, 0))
    megabytes = len(sample.encode("utf-8")) / 1e6
    # archive.text keeps both private; reaching in here keeps measuring out of the product.
    text._lexicon()
    text._key_token.cache_clear()
    began = time.perf_counter()
    text.search_key(sample)
    return megabytes / (time.perf_counter() - began), megabytes


# ---------------------------------------------------------------------------
# The browse and research pages (the cold search pass is benchmarks/cold.py)


@dataclass
class PageFigure:
    query: Query
    timing: Timing
    results: int
    # milliseconds per request in each part: SQL by kind, snippets, template
    sql: dict[str, Timing]


def measure_page(client: Client, queries: list[Query], repeat: int) -> list[PageFigure]:
    """Each query's `/articles/?q=…` page (facets, snippets, template), `repeat` times after a warm-up."""
    figures = []
    for query in queries:
        url = "/articles/?" + query.query_string
        response = client.get(url)  # warm-up: page cache, parser caches
        assert response.status_code == 200, (url, response.status_code)
        figure = PageFigure(query, Timing(), expected_rows(query.query_string), defaultdict(Timing))
        for _ in range(repeat):
            # Every timed request counts its facets anew: the page cache and the filters'
            # facet totals (kept per index commit) are emptied, as after a write.
            cache.clear()
            facetcounts.TOTALS.clear()
            with sql_timer() as spent, view_timer(spent), stopwatch() as elapsed:
                client.get(url)
            figure.timing.samples.append(elapsed[0])
            for part in PARTS:
                figure.sql[part].samples.append(spent.get(part, 0.0))
        figures.append(figure)
    return figures


def measure_url(client: Client, url: str, repeat: int) -> Timing:
    """Any page, `repeat` times after a warm-up, each with the facet cache cleared."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timing = Timing()
    for _ in range(repeat):
        cache.clear()
        with stopwatch() as elapsed:
            client.get(url)
        timing.samples.append(elapsed[0])
    return timing


def research_pages() -> list[tuple[str, str]]:
    """The researchers' heavy pages: the most-quoted official's page and the events timeline."""
    from django.db.models import Count

    from archive.models import Event, Official

    busiest = Official.objects.annotate(n=Count("statements")).order_by("-n").first()
    pages = [("events timeline (all events)", "/events/")]
    if busiest is not None:
        pages.insert(0, (f"official page ({busiest.n:,} statements)", busiest.get_absolute_url()))
    pages.append(
        (f"events timeline, oldest first ({Event.objects.count():,} events)", "/events/?sort=oldest")
    )
    return pages


def expected_rows(query_string: str) -> int:
    """How many articles the list (and so its CSV) has for this query string."""
    from django.http import QueryDict

    from archive.filters import ArticleFilter
    from archive.models import Article

    return ArticleFilter(QueryDict(query_string), queryset=Article.objects.public()).count()
