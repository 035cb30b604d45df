"""Search as a researcher meets it: each query once on an empty page cache, then again from the cache.

The cold pass requests every query of the set once through `/articles/`
(the whole page: FilterSet, search, count, facets, snippets, template),
each after every configured cache was emptied and the per-query memos of
the search code were cleared, and checks that the page was computed, not
served: a computed page files itself in the cache, a served one files
nothing. Right after each page the same query runs on the bare floor index
(`benchmarks/floor.py`), so both see the machine in the same state, and the
count the page shows is compared with the floor's: a page answering from an
index that is stale, half built or wrong shows up as a disagreement. The
same query is then requested again, `warm_repeat` times, expecting each
from the cache (before the next query empties it).

Kept warm on purpose, as on a server that has been up for a while: the
per-token caches of the analyzer (a token's key, a word's tokens, a
space-separated piece of text's words), the
lexicon, the open index, the operating system's page cache, and the facet
totals of the list's filters on the index's current commit
(`archive.search.facetcounts.TOTALS`: the facets of the list without a query,
which a query matching most of the archive is counted against; every query
with those filters shares them, and the first request that sees a new commit
starts counting them: the browse page's figure is measured with them emptied).
The bench requests `/articles/` once before the pass, as a worker that has
served a page since the last write, and first cuts snippets from the bodies
of WARM_BODIES articles (`warm_analyzer`), as a worker that has shown pages
for a while: otherwise the first database measured fills the analyzer's
caches for the second (snippets 8.5–17.5 ms a page on SQLite, measured first,
4.2–6.4 on PostgreSQL after it, over the same articles).
"""

from __future__ import annotations

import importlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import caches
from django.test import Client

from benchmarks import floor, measure
from benchmarks.queries import Query

# Caches of the search code that hold per-token or per-process set-up, not a
# query's result: left warm (see the module docstring).
KEPT_WARM = frozenset(
    {
        "_word_tokens",
        "_piece",
        "_key_token",
        "_split_candidates",
        "_lexicon",
        "_title_keys",
        "_backend",
        "schema_of",
    }
)
# Where a memo of a query's result (a parsed tree, a compiled query, a count,
# facets) could live.
QUERY_MODULES = ("archive.search", "archive.facets", "archive.filters", "archive.views", "archive.pagecache")

PARTS = (*measure.PARTS, "index")


WARM_BODIES = 2000


def warm_analyzer(count: int = WARM_BODIES, query: str = "در") -> None:
    """The analyzer's per-token caches filled with the words of the `count` latest public
    articles, by cutting their snippets."""
    from archive.models import Article
    from archive.search import snippet

    bodies = Article.objects.filter(is_public=True).order_by("-pk").values_list("body", flat=True)
    for body in bodies[:count].iterator():
        snippet(body, query)


def query_memos() -> dict[str, Callable]:
    """Every functools cache in the search code that is not KEPT_WARM, by qualified name."""
    for name in QUERY_MODULES:
        importlib.import_module(name)
    found = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or not any(
            module_name == m or module_name.startswith(m + ".") for m in QUERY_MODULES
        ):
            continue
        for attr, value in vars(module).items():
            memo = callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info")
            if memo and attr not in KEPT_WARM and getattr(value, "__module__", module_name) == module_name:
                found[f"{module_name}.{attr}"] = value
    return found


def empty_caches() -> None:
    """Every configured cache emptied and every per-query memo cleared."""
    for cache in caches.all():
        cache.clear()
    for memo in query_memos().values():
        memo.cache_clear()


@contextmanager
def counting_sets() -> Iterator[list[int]]:
    """Counts the values filed (`set`, `set_many`) in any configured cache during the block."""
    filed = [0]
    patched = []
    for cache in caches.all():
        for name in ("set", "set_many"):
            original = getattr(cache, name)

            def counted(*args, _original=original, **kwargs):
                filed[0] += 1
                return _original(*args, **kwargs)

            setattr(cache, name, counted)
            patched.append((cache, name))
    try:
        yield filed
    finally:
        for cache, name in patched:
            delattr(cache, name)  # the class's method shows through again


@contextmanager
def index_timer(spent: dict[str, float]) -> Iterator[None]:
    """Adds the time in the product's search-index calls to `spent["index"]` (when it has an index).

    `archive.search` re-exports the engine's functions, and callers hold them
    under other names: every name in the archive's modules bound to one of
    them is wrapped for the block.
    """
    from archive.search import engine

    originals = [getattr(engine, n) for n in ("search", "iter_ids") if callable(getattr(engine, n, None))]

    def timed(original: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent["index"] = spent.get("index", 0.0) + (time.perf_counter() - start) * 1000

        return wrapper

    wrappers = {id(original): timed(original) for original in originals}
    patched = []
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == "archive" or module_name.startswith("archive.")):
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in wrappers and any(value is o for o in originals):
                setattr(module, attr, wrappers[id(value)])
                patched.append((module, attr, value))
    try:
        yield
    finally:
        for module, attr, value in patched:
            setattr(module, attr, value)


@dataclass
class ColdFigure:
    """One query: its cold page, its warm pages, its floor."""

    query: Query
    cold_ms: float
    computed: bool  # the cold page was computed (filed itself), not served from a cache
    parts: dict[str, float]  # milliseconds of the cold page in each part (PARTS)
    warm_ms: list[float] = field(default_factory=list)
    warm_served: bool = True  # every warm page came from the cache
    floor_ms: float = float("nan")
    matches: int = 0  # counted by the floor index
    floor_cut: bool = False
    status: int = 200
    page_count: int | None = None  # the count the cold page showed
    notes: list[str] = field(default_factory=list)  # the Persian notes it showed (a query cut, …)

    @property
    def comparable(self) -> bool:
        """Whether the page and the floor must count the same (the floor neither collapses nor is cut)."""
        return not self.floor_cut and self.query.param("collapse") != "story"

    @property
    def counts_agree(self) -> bool:
        return self.page_count == self.matches


_RESULT_COUNT = re.compile(r'class="result-count"[^>]*>\s*([0-9۰-۹٬,]+)')


def shown_count(html: bytes | str) -> int | None:
    """The match count a list page shows (`includes/result_count.html`), None when it shows none."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    found = _RESULT_COUNT.search(html)
    if not found:
        return None
    digits = "".join(ch for ch in found.group(1) if ch.isdigit())
    return int(digits.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))) if digits else None


def shown_notes(html: bytes | str) -> list[str]:
    """The Persian notes a list page shows under its count (a query cut to its bound, an index built)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    return [m.strip() for m in _NOTE.findall(html)]


_NOTE = re.compile(r'class="search-note"[^>]*>([^<]*)<')


def _get(client: Client, url: str) -> tuple[int, float, int, dict[str, float], int | None, list[str]]:
    with (
        counting_sets() as filed,
        measure.sql_timer() as spent,
        measure.view_timer(spent),
        index_timer(spent),
        measure.stopwatch() as elapsed,
    ):
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    if response.streaming:
        return response.status_code, elapsed[0], filed[0], dict(spent), None, []
    content = response.content
    return response.status_code, elapsed[0], filed[0], dict(spent), shown_count(content), shown_notes(content)


def measure_cold(
    client: Client,
    queries: list[Query],
    searcher=None,
    warm_repeat: int = 3,
    log: Callable[[str], None] | None = None,
) -> list[ColdFigure]:
    """Each query cold, on the floor, then warm; see the module docstring."""
    figures = []
    for number, query in enumerate(queries, start=1):
        empty_caches()
        status, ms, filed, spent, shown, notes = _get(client, query.url)
        figure = ColdFigure(
            query,
            ms,
            filed > 0,
            {p: spent.get(p, 0.0) for p in PARTS},
            status=status,
            page_count=shown,
            notes=notes,
        )
        if searcher is not None:
            with measure.stopwatch() as elapsed:
                answer = floor.run(searcher, query)
            figure.floor_ms, figure.matches, figure.floor_cut = elapsed[0], answer.count, answer.cut
        # Warm before the next query empties the caches again.
        for _ in range(warm_repeat):
            _status, ms, filed, *_rest = _get(client, query.url)
            figure.warm_ms.append(ms)
            figure.warm_served = figure.warm_served and filed == 0
        figures.append(figure)
        if log and number % 20 == 0:
            log(f"  cold: {number}/{len(queries)} queries")
    return figures
