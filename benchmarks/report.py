"""The Markdown report of `manage.py bench`: targets, verdicts and the tables of docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpus, importing, measure

# `manage.py loadtest` writes its figures between these markers of the same file.
LOADTEST_BEGIN, LOADTEST_END = "<!-- loadtest:begin -->", "<!-- loadtest:end -->"
SLOW_CLIENTS_BEGIN, SLOW_CLIENTS_END = "<!-- slow-clients:begin -->", "<!-- slow-clients:end -->"


@dataclass
class EngineResult:
    """Everything measured on one database."""

    vendor: str
    version: str
    articles: int
    load: dict[str, Any]
    size_mb: float
    imports: list[importing.ImportSeries] = field(default_factory=list)
    memory: importing.ImportSeries | None = None  # the larger import, for peak memory
    pages: list[measure.PageFigure] = field(default_factory=list)
    browse: measure.PageFigure | None = None
    bare: list[tuple[measure.Query, measure.Timing, int]] = field(default_factory=list)
    exports: list[measure.ExportFigure] = field(default_factory=list)
    research: list[tuple[str, measure.Timing]] = field(default_factory=list)
    # 1-minute load average before and after the measures: other work on the
    # machine inflates every figure, so the report says how busy it was.
    load_average: tuple[float, float] = (0.0, 0.0)


PAGE_TARGET_MS = 150.0
RATIO_TARGET = 2.0
IMPORT_TARGET = 500.0
KEY_TARGET = 2.0
EXPORT_TARGET = 20_000.0


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    """«met» or «missed», with the margin as a percentage of the target."""
    if value != value:  # NaN: not measured
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    margin = abs(value - target) / target * 100
    return (
        f"met ({margin:.0f}% {'better' if ok else 'worse'} than target)"
        if ok
        else f"**missed** by {margin:.0f}%"
    )


def machine() -> list[tuple[str, str]]:
    """Facts about this machine worth printing beside the figures."""
    import platform
    import sys

    import django

    cpu = "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return [
        ("CPU", cpu),
        ("cores (`nproc`)", str(len(os.sched_getaffinity(0)))),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", sys.version.split()[0]),
        ("Django", django.get_version()),
        ("SQLite (Python's sqlite3)", sqlite3.sqlite_version),
    ]


def _ms(value: float) -> str:
    return f"{value:.1f}"


def render(
    results: list[EngineResult],
    key_rate: float,
    key_mb: float,
    gen_rate: float,
    seconds: float,
    options: dict,
) -> str:
    """docs/benchmarks.md: machine, corpus, every figure against its target, where the time goes."""
    out: list[str] = ["# Benchmarks", ""]
    out += [
        f"Written by `python manage.py bench` on {dt.date.today().isoformat()} "
        f"(run took {seconds / 60:.1f} min). Figures are from one run on the machine below; "
        "the corpus is generated (`benchmarks/corpus.py`), so any run with the same "
        "`--articles` and `--seed` measures the same text.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    out += [f"| {name} | {value} |" for name, value in machine()]
    out += [f"| {r.vendor} server | {r.version} |" for r in results if r.vendor != "sqlite"]
    out += ["", "## Summary", "", "| measure | figure | target | verdict |", "| --- | --- | --- | --- |"]
    for r in results:
        for series in r.imports:
            out.append(
                f"| import of {series.articles:,} articles as {series.fmt} via `import_paths` ({r.vendor}, "
                f"{r.articles:,} in the database; median of {len(series.runs)}) | "
                f"{series.median_rate:.0f} articles/s | ≥ {IMPORT_TARGET:.0f}/s | "
                f"{verdict(series.median_rate, IMPORT_TARGET, True)} |"
            )
    out += _memory_summary(results)
    out.append(
        f"| `search_key` throughput | {key_rate:.1f} MB/s | ≥ {KEY_TARGET:.0f} MB/s | "
        f"{verdict(key_rate, KEY_TARGET, True)} |"
    )
    for r in results:
        if r.pages:
            p95 = measure.percentile([s for f in r.pages for s in f.timing.samples], 95)
            out.append(
                f"| search page p95, all queries ({r.vendor}, {r.articles:,} articles) | {_ms(p95)} ms | "
                f"≤ {PAGE_TARGET_MS:.0f} ms | {verdict(p95, PAGE_TARGET_MS, False)} |"
            )
        if r.bare:
            ratio = _overall_ratio(r)
            out.append(
                f"| search page p95 ÷ bare FTS5 p95 ({r.vendor}) | {ratio:.1f}× | ≤ {RATIO_TARGET:.0f}× | "
                f"{verdict(ratio, RATIO_TARGET, False)} |"
            )
        for label, timing in r.research:
            out.append(
                f"| {label} p95 ({r.vendor}, {r.articles:,} articles) | {timing.p95:.1f} ms "
                f"(median {timing.median:.1f}) | ≤ {PAGE_TARGET_MS:.0f} ms | "
                f"{verdict(timing.p95, PAGE_TARGET_MS, False)} |"
            )
        for e in r.exports:
            out.append(
                f"| CSV export, {e.label} ({r.vendor}, {e.rows:,} rows) | {e.rate:,.0f} rows/s | "
                f"≥ {EXPORT_TARGET:,.0f}/s | {verdict(e.rate, EXPORT_TARGET, True)} |"
            )
    out.append("")
    for r in results:
        out += _engine_section(r)
    out += [
        "## Text",
        "",
        f"- `search_key`: {key_rate:.1f} MB/s over {key_mb:.1f} MB of generated bodies (UTF-8), "
        "token cache emptied first (`benchmarks/measure.py`).",
        f"- The generator alone makes {gen_rate:,.0f} articles/s (one process, no keys, no database).",
        "",
        "## Method",
        "",
        "- The bench runs on its own database, never `var/archive.sqlite3`: on SQLite the corpus is "
        "built once into `var/bench-<N>.sqlite3` (rebuilt when the generator version, the key version or a "
        "migration "
        "changes), then copied to `var/bench-run.sqlite3` where the measures run; PostgreSQL uses the "
        "`archive_bench` database, kept between runs while its corpus matches.",
        "- After loading: the site's FTS5 index is optimized (`'optimize'`, as after `rebuild_search_index`) "
        "and `ANALYZE` is run on SQLite; `VACUUM ANALYZE` on PostgreSQL.",
        "- Requests go through Django's test `Client` (the whole stack: middleware, FilterSet, search, "
        "facets, snippets, template) with `DEBUG` off; each query is requested once to warm up, then "
        f"{options['repeat']} times. Times are wall-clock milliseconds per request.",
        "- The bare FTS5 baseline is a plain `fts5(title, body, prefix='2 3')` table filled with the same "
        "`title_key`/`body_key` as the site's index, queried with the MATCH string the site's own parser and "
        "compiler (`archive.search`) make, running `bm25(…,10,1)` top 20 with `snippet()` plus `count(*)`. "
        "It applies no date or source filter and renders nothing.",
        "- CSV rows/s is rows ÷ wall time to stream the whole response; memory is the peak of Python "
        "allocations (tracemalloc) during a second pass of the same export.",
        f"- Import: {options['import_articles']:,} generated articles that are not in the corpus are "
        "written once as one JSONL file and once as one `.txt` file per article (in folders of 1,000), "
        "then imported by `import_paths()` end to end (read, attribution, dateline dates, keys, "
        "de-duplication, near-duplicate LSH, store, index), "
        f"{options['import_runs']} times per format; the figure is the median. Each run is a fresh "
        "`manage.py bench --import-child` process, timed from the call of `import_paths()` to its "
        "return. After each run every row it added (above the highest id each table of the archive app "
        "had before it) is deleted, followed by `VACUUM ANALYZE` of those tables on PostgreSQL, so the "
        "three runs import into the same database.",
        "- Import memory: peak private resident memory (`RssAnon` in /proc, sampled every 50 ms) of the "
        "importing process and of its largest worker, each run in its own process — not `ru_maxrss`, "
        "which counts the pages of the SQLite file mapped into memory (`mmap_size`, 2 GB of the OS's "
        "page cache). The workers' share includes the search-key token cache, bounded at 262,144 "
        "tokens (`archive/text.py`), which fills with the vocabulary, not with the file count; the import of "
        f"{options['import_memory_articles']:,} articles as {options['import_memory_format']} (first "
        "database only) is compared with the largest of the runs of "
        f"{options['import_articles']:,}.",
        "",
    ]
    return "\n".join(out)


def keep_loadtest_section(report: str, previous: str) -> str:
    """`report` with the load-test sections of `previous` (the file it replaces) appended, where it has them.

    `make loadtest` writes two: the load test and its slow-client scenario.
    """
    for begin, end_marker in ((LOADTEST_BEGIN, LOADTEST_END), (SLOW_CLIENTS_BEGIN, SLOW_CLIENTS_END)):
        if begin in report or begin not in previous:
            continue
        start = previous.index(begin)
        end = previous.find(end_marker, start)
        if end < 0:
            continue
        section = previous[start : end + len(end_marker)]
        report = report.rstrip("\n") + "\n\n" + section + "\n"
    return report


def _memory_summary(results: list[EngineResult]) -> list[str]:
    out = []
    for r in results:
        small = next((s for s in r.imports if r.memory and s.fmt == r.memory.fmt), None)
        if r.memory and small and small.runs:
            big_total = r.memory.peak_rss_mb + max(run.worker_peak_rss_mb for run in r.memory.runs)
            small_total = small.peak_rss_mb + max(run.worker_peak_rss_mb for run in small.runs)
            ratio = big_total / small_total
            out.append(
                f"| peak private memory of the import (importer + largest worker), "
                f"{r.memory.articles:,} vs {small.articles:,} articles as {small.fmt} ({r.vendor}) | "
                f"{big_total:.0f} MB vs {small_total:.0f} MB ({ratio:.2f}×) | flat (< 1.5×) | "
                f"{'met' if ratio < 1.5 else '**missed**'} |"
            )
    return out


def _import_tables(r: EngineResult) -> list[str]:
    out = [
        "### Import (`import_paths`, each run in a fresh process)",
        "",
        "| format | articles | runs (articles/s) | median articles/s | seconds (median run) "
        "| peak private memory, importer (MB) | peak private memory, worker (MB) | duplicates | failures |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for series in [*r.imports, *([r.memory] if r.memory else [])]:
        runs = series.runs
        if not runs:
            continue
        middle = sorted(runs, key=lambda run: run.rate)[len(runs) // 2]
        out.append(
            f"| {series.fmt} | {series.articles:,} | {', '.join(f'{run.rate:.0f}' for run in runs)} | "
            f"{series.median_rate:.0f} | {middle.seconds:.1f} | {series.peak_rss_mb:.0f} | "
            f"{max(run.worker_peak_rss_mb for run in runs):.0f} | {sum(run.duplicates for run in runs)} | "
            f"{sum(run.failures for run in runs)} |"
        )
    out.append("")
    return out


def _overall_ratio(r: EngineResult) -> float:
    page = measure.percentile([s for f in r.pages for s in f.timing.samples], 95)
    bare = measure.percentile([s for _q, t, _n in r.bare for s in t.samples], 95)
    return page / bare if bare else float("nan")


def _engine_section(r: EngineResult) -> list[str]:
    load = r.load
    out = [
        f"## {r.version}",
        "",
        "### Corpus",
        "",
        f"- {load.get('articles', r.articles):,} articles (2% withdrawn, not public), "
        f"{load.get('statements', 0):,} statements, {load.get('events', 0):,} events, "
        f"{len(corpus.SOURCES)} sources, {len(corpus.OFFICIALS)} officials; database {r.size_mb:,.0f} MB.",
        f"- Generated and loaded at {load.get('load_rate', 0):,.0f} articles/s "
        f"({load.get('load_seconds', 0):,.0f} s; keys by `Article.refresh_keys()` in worker processes, "
        f"`bulk_create` in batches of 2,000) on {load.get('built_at', '?')}.",
        f"- Load average (1 min) of the machine: {r.load_average[0]:.1f} before the measures, "
        f"{r.load_average[1]:.1f} after (2 cores: above 2 means the bench shared the CPU).",
        "",
    ]
    if r.imports or r.memory:
        out += _import_tables(r)
    if r.pages:
        out += _page_tables(r)
    if r.exports:
        out += [
            "### CSV export (`/articles/export.csv`; the last row `/statements/export.csv`)",
            "",
            "| export | rows | seconds | rows/s | MB | peak Python memory (MB) |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {e.label} | {e.rows:,} | {e.seconds:.1f} | {e.rate:,.0f} | {e.megabytes:.0f} "
            f"| {e.peak_mb:.1f} |"
            for e in r.exports
        ]
        if len(r.exports) >= 2 and r.exports[0].rows:
            small, big = r.exports[:2]
            out += [
                "",
                f"{big.rows / small.rows:.1f}× the rows took {big.peak_mb / small.peak_mb:.2f}× "
                "the peak memory: " + ("flat." if big.peak_mb < 1.5 * small.peak_mb else "**not flat**."),
            ]
        out.append("")
    return out


def _page_tables(r: EngineResult) -> list[str]:
    bare = {q: (t, n) for q, t, n in r.bare}
    kinds = dict(measure.QUERY_KINDS)
    has_bare = bool(r.bare)
    head = "| class | queries | page median | page p95 |"
    rule = "| --- | --- | --- | --- |"
    if has_bare:
        head += " bare median | bare p95 | page/bare (median) | page/bare (p95) |"
        rule += " --- | --- | --- | --- |"
    out = ["### Search page (`/articles/?q=…`), milliseconds", "", head, rule]
    for kind, title in measure.QUERY_KINDS:
        figures = [f for f in r.pages if f.query.kind == kind]
        if not figures:
            continue
        page = measure.Timing([s for f in figures for s in f.timing.samples])
        row = f"| {title} | {len(figures)} | {_ms(page.median)} | {_ms(page.p95)} |"
        if has_bare:
            b = measure.Timing([s for f in figures for s in bare[f.query][0].samples])
            row += (
                f" {_ms(b.median)} | {_ms(b.p95)} | {page.median / b.median:.1f}× | {page.p95 / b.p95:.1f}× |"
            )
        out.append(row)
    everything = measure.Timing([s for f in r.pages for s in f.timing.samples])
    row = f"| **all** | {len(r.pages)} | {_ms(everything.median)} | **{_ms(everything.p95)}** |"
    if has_bare:
        b = measure.Timing([s for _q, t, _n in r.bare for s in t.samples])
        ratios = f"{everything.median / b.median:.1f}× | {everything.p95 / b.p95:.1f}×"
        row += f" {_ms(b.median)} | {_ms(b.p95)} | {ratios} |"
    out.append(row)
    if r.browse:
        out += [
            "",
            f"Without a query (`/articles/`, newest first, facets over every public article): median "
            f"{_ms(r.browse.timing.median)} ms, p95 {_ms(r.browse.timing.p95)} ms.",
        ]
    out += [
        "",
        "#### Where the time goes (medians per request, ms)",
        "",
        "SQL is timed per statement on the connection; snippets and template are the view's calls to "
        "`snippet()` and `render()` (their SQL excluded); the rest is Python elsewhere (middleware, "
        "FilterSet, query parsing, building the queries, pagination).",
        "",
        "| class | page | SQL rows | SQL count | SQL facets | SQL other | snippets | template | rest |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    groups = [(kinds[k], [f for f in r.pages if f.query.kind == k]) for k, _t in measure.QUERY_KINDS]
    if r.browse:
        groups.append(("no query", [r.browse]))
    breakdown: dict[str, tuple[float, dict[str, float]]] = {}
    for title, figures in groups:
        if not figures:
            continue
        page = statistics_median([s for f in figures for s in f.timing.samples])
        parts = {k: statistics_median([s for f in figures for s in f.sql[k].samples]) for k in measure.PARTS}
        rest = page - sum(parts.values())
        cells = " | ".join(_ms(parts[k]) for k in measure.PARTS)
        out.append(f"| {title} | {_ms(page)} | {cells} | {_ms(rest)} |")
        breakdown[title] = (page, {**parts, "rest": rest})
    out += ["", *_slowest(breakdown)]
    out += [
        "",
        "#### Every query",
        "",
        "| class | query | matches | page median | page p95 |"
        + (" bare median | bare p95 |" if has_bare else ""),
        "| --- | --- | --- | --- | --- |" + (" --- | --- |" if has_bare else ""),
    ]
    for f in r.pages:
        row = (
            f"| {kinds[f.query.kind]} | `{f.query.label}` | {f.results:,} | {_ms(f.timing.median)} | "
            f"{_ms(f.timing.p95)} |"
        )
        if has_bare:
            t, _n = bare[f.query]
            row += f" {_ms(t.median)} | {_ms(t.p95)} |"
        out.append(row)
    out.append("")
    return out


PART_NAMES = {
    "rows": "the SQL of the result rows (match, rank, order, limit)",
    "count": "the SQL count of matches",
    "facets": "the facet SQL",
    "other": "other SQL",
    "snippets": "snippets",
    "template": "the template",
    "rest": "other Python",
}


def _slowest(breakdown: dict[str, tuple[float, dict[str, float]]]) -> list[str]:
    """A sentence per slow class naming its two largest parts."""
    slow = sorted(breakdown.items(), key=lambda item: -item[1][0])[:4]
    out = ["The slowest classes, and their two largest parts (medians):", ""]
    for title, (page, parts) in slow:
        (a, a_ms), (b, b_ms) = sorted(parts.items(), key=lambda kv: -kv[1])[:2]
        out.append(
            f"- {title}: {_ms(page)} ms; {PART_NAMES[a]} {_ms(a_ms)} ms ({a_ms / page:.0%}), "
            f"{PART_NAMES[b]} {_ms(b_ms)} ms ({b_ms / page:.0%})."
        )
    return out


def statistics_median(values: list[float]) -> float:
    return measure.Timing(values).median
