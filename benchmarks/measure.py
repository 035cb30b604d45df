"""The benchmark's measurements: each one a function returning plain figures.

Every function here runs against whatever database the default connection
points at; `python manage.py bench` points it at a database of its own
(never the site's) before calling them.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.test import Client

from benchmarks import corpus

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
# The search page and the bare FTS5 baseline


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def query_string(self) -> str:
        return urlencode([("q", self.q), *self.params])

    @property
    def label(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.q} {extra}".strip()


QUERY_KINDS = (
    ("common", "common word"),
    ("rare", "rare word"),
    ("two", "two words"),
    ("phrase", '"phrase"'),
    ("or", "a OR b"),
    ("not", "-exclusion"),
    ("prefix", "prefix*"),
    ("official", "official's name"),
    ("spaced", "name typed with a space"),
    ("dates", "word + date range"),
    ("source", "word + source filter"),
)


def search_queries() -> list[Query]:
    """The fixed query set: three queries per class, rare words taken from the corpus vocabulary."""
    from archive.models import Source
    from archive.text import search_key

    words, _weights = corpus.vocabulary()
    # Words whose key is themselves: the query then means the generated word.
    rare = [w for w in words[3000:] if search_key(w) == w and len(w) > 3]
    r1, r2, r3 = rare[1000], rare[5000], rare[-200]
    sources = {s.name: s.pk for s in Source.objects.filter(name__in=[s.name for s in corpus.SOURCES])}
    tasnim, fars, irna = (
        str(sources[name]) for name in ("خبرگزاری تسنیم", "خبرگزاری فارس", "خبرگزاری ایرنا")
    )
    return [
        Query("common", "دفاع"),
        Query("common", "نظامی"),
        Query("common", words[0]),
        Query("rare", r1),
        Query("rare", r2),
        Query("rare", r3),
        Query("two", "وزیر دفاع"),
        Query("two", "همکاری نظامی"),
        Query("two", f"{r1} {words[20]}"),
        Query("phrase", '"وزیر دفاع روسیه"'),
        Query("phrase", '"تمامیت ارضی"'),
        Query("phrase", '"نیروهای مسلح"'),
        Query("or", "پهپاد OR موشک"),
        Query("or", "ناوشکن OR زیردریایی"),
        Query("or", f"{r1} OR {r2}"),
        Query("not", "دفاع -روسیه"),
        Query("not", "رزمایش -دریایی"),
        Query("not", "پهپاد -ایران"),
        Query("prefix", "موشک*"),
        Query("prefix", "همکار*"),
        Query("prefix", "نظام*"),
        Query("official", "سرگئی شویگو"),
        Query("official", "شویگو"),
        Query("official", "ذاکر حسن‌اف"),
        Query("spaced", "حسن اف"),
        Query("spaced", "بین المللی"),
        Query("spaced", "آتش بس"),
        Query("dates", "دفاع", (("date_from", "1399/01/01"), ("date_to", "1399/12/30"))),
        Query("dates", "پهپاد", (("date_from", "1401/06/01"), ("date_to", "1401/06/31"))),
        Query("dates", "شویگو", (("date_from", "1398"), ("date_to", "1400"))),
        Query("source", "نظامی", (("source", tasnim),)),
        Query("source", "شویگو", (("source", fars),)),
        Query("source", "رزمایش", (("source", irna),)),
    ]


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
            cache.clear()  # facets are cached for a while: every timed request counts them anew
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


BARE_TABLE = "bench_bare_fts"


def create_bare_index() -> float:
    """A plain FTS5 table of the public articles' keys (same tokens, same prefix indexes); seconds taken."""
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {BARE_TABLE} USING fts5(title, body, prefix='2 3')")
        cursor.execute(
            f"INSERT INTO {BARE_TABLE}(rowid, title, body) "
            "SELECT id, title_key, body_key FROM archive_article WHERE is_public"
        )
        cursor.execute(f"INSERT INTO {BARE_TABLE}({BARE_TABLE}) VALUES ('optimize')")
    return time.perf_counter() - began


def _fts5(node) -> str:
    # The FTS5 compiler the site used before the Tantivy index (archive/search/ no longer has one).
    from archive.search.query import And, Not, Or, Phrase, Prefix, Term

    def string(keys: tuple[str, ...]) -> str:
        return '"' + " ".join(keys).replace('"', '""') + '"'

    if isinstance(node, Term):
        return string((node.key,))
    if isinstance(node, Phrase):
        return string(node.keys)
    if isinstance(node, Prefix):
        return string(node.keys) + "*"
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts5(c) for c in node.children) + ")"
    assert isinstance(node, And)
    positive = [_fts5(c) for c in node.children if not isinstance(c, Not)]
    negative = [_fts5(c.child) for c in node.children if isinstance(c, Not)]
    sql = positive[0] if len(positive) == 1 else "(" + " AND ".join(positive) + ")"
    return f"({sql} NOT ({' OR '.join(negative)}))" if negative else sql


def bare_match(q: str) -> str | None:
    """The FTS5 MATCH string of a query, by the site's own parser."""
    from archive.search.query import And, Not, parse, split_negations

    positive, negatives = split_negations(parse(q))
    if positive is None:
        return None
    return _fts5(And((positive, *(Not(n) for n in negatives))) if negatives else positive)


def measure_bare(queries: list[Query], repeat: int) -> list[tuple[Query, Timing, int]]:
    """bm25 top 20 with snippets plus the match count, straight on the bare FTS5 table.

    Filters other than `q` (dates, source) are not applied: the baseline is
    the full-text work alone.
    """
    top = (
        f"SELECT rowid, bm25({BARE_TABLE}, 10, 1), "
        f"snippet({BARE_TABLE}, 1, '<mark>', '</mark>', '…', 12) FROM {BARE_TABLE} "
        f"WHERE {BARE_TABLE} MATCH %s ORDER BY bm25({BARE_TABLE}, 10, 1) LIMIT 20"
    )
    count = f"SELECT count(*) FROM {BARE_TABLE} WHERE {BARE_TABLE} MATCH %s"
    out = []
    with connection.cursor() as cursor:
        for query in queries:
            match = bare_match(query.q)
            timing = Timing()
            matches = 0
            for attempt in range(repeat + 1):
                with stopwatch() as elapsed:
                    cursor.execute(top, [match])
                    cursor.fetchall()
                    cursor.execute(count, [match])
                    matches = cursor.fetchone()[0]
                if attempt:  # the first run is the warm-up
                    timing.samples.append(elapsed[0])
            out.append((query, timing, matches))
    return out


# ---------------------------------------------------------------------------
# CSV export


@dataclass
class ExportFigure:
    label: str
    rows: int
    seconds: float
    megabytes: float
    peak_mb: float = math.nan

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _drain(client: Client, url: str) -> tuple[int, int]:
    cache.clear()  # the export is computed and streamed, never answered from the page cache
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    lines = size = 0
    assert response.streaming, url
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return lines, size


def measure_export(
    client: Client, label: str, query_string: str, expected_rows: int, path: str = "/articles/export.csv"
) -> ExportFigure:
    """Stream a list's CSV (`path?…`) to the end: rows/s, then peak traced memory in a second pass.

    Rows are counted by the database (the page's own filter), not by the CSV's
    newlines, which bodies with line breaks would inflate.
    """
    url = path + (f"?{query_string}" if query_string else "")
    gc.collect()
    began = time.perf_counter()
    _lines, size = _drain(client, url)
    seconds = time.perf_counter() - began
    figure = ExportFigure(label, expected_rows, seconds, size / 1e6)
    # tracemalloc slows Python several times over, so memory is its own pass.
    gc.collect()
    tracemalloc.start()
    try:
        _drain(client, url)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    figure.peak_mb = peak / 1e6
    return figure


def expected_statements() -> int:
    """How many statements the statements list (and so its CSV) has without filters."""
    from archive.models import Statement

    return Statement.objects.filter(article__is_public=True).count()


def expected_rows(query_string: str) -> int:
    """How many articles the list (and so its CSV) has for this query string."""
    from django.http import QueryDict

    from archive.filters import ArticleFilter
    from archive.models import Article

    return ArticleFilter(QueryDict(query_string), queryset=Article.objects.public()).count()
