"""The Markdown report of `manage.py bench`: targets, verdicts and the tables of docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpus, importing, measure
from benchmarks.cold import ColdFigure
from benchmarks.report_search import (
    METHOD,
    ServerResult,
    duration_lines,
    index_lines,
    search_sections,
    summary_rows,
)

__all__ = ["EngineResult", "ServerResult", "keep_loadtest_section", "render"]

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
    cold: list[ColdFigure] = field(default_factory=list)
    browse: measure.PageFigure | None = None
    research: list[tuple[str, measure.Timing]] = field(default_factory=list)
    index: dict[str, Any] = field(default_factory=dict)  # rebuild_search_index and SEARCH_INDEX_DIR
    floor: dict[str, Any] = field(default_factory=dict)  # the bare Tantivy index
    server: ServerResult | None = None
    api: Any = None  # benchmarks.api.ApiFigures: the API article list, cold and warm
    alerts: Any = None  # benchmarks.alerts.AlertsTiming: one send_alerts run
    # Wall seconds of each phase of this run (index, floor, imports, search, server).
    phase_seconds: dict[str, float] = field(default_factory=dict)
    # 1-minute load average before and after the measures: other work on the
    # machine inflates every figure, so the report says how busy it was.
    load_average: tuple[float, float] = (0.0, 0.0)


PAGE_TARGET_MS = 150.0
IMPORT_TARGET = 500.0
KEY_TARGET = 2.0


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
        out += summary_rows(r)
        for label, timing in r.research:
            out.append(
                f"| {label} p95 ({r.vendor}, {r.articles:,} articles) | {timing.p95:.1f} ms "
                f"(median {timing.median:.1f}) | ≤ {PAGE_TARGET_MS:.0f} ms | "
                f"{verdict(timing.p95, PAGE_TARGET_MS, False)} |"
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
        "changes), then copied to `var/bench-run.sqlite3` where the measures run (from 500,000 articles on, "
        "they run on the cache itself, the import runs undoing what they add); PostgreSQL uses the "
        "`archive_bench` database, kept between runs while its corpus matches.",
        "- After loading: `ANALYZE` on SQLite, `VACUUM ANALYZE` on PostgreSQL. Then "
        "`rebuild_search_index`, timed, into the bench's own "
        "`SEARCH_INDEX_DIR` (`var/bench-search-<database>/`, emptied first), which the import runs and the "
        "server use too.",
        *METHOD,
        f"- The browse page and the research pages: {options['repeat']} requests each after a warm-up, "
        "the page cache cleared before each.",
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


def _engine_section(r: EngineResult) -> list[str]:
    load = r.load
    out = [
        f"## {r.version}",
        "",
        "### Corpus",
        "",
        f"- {load.get('articles', r.articles):,} articles (2% withdrawn, not public; 20% are copies in "
        "stories of 4 reprints, for `collapse=story`), "
        f"{load.get('statements', 0):,} statements, {load.get('events', 0):,} events, "
        f"{len(corpus.SOURCES)} sources, {len(corpus.OFFICIALS)} officials; database {r.size_mb:,.0f} MB.",
        f"- Generated and loaded at {load.get('load_rate', 0):,.0f} articles/s "
        f"({load.get('load_seconds', 0):,.0f} s; keys by `Article.refresh_keys()` in worker processes, "
        f"`bulk_create` in batches of 2,000) on {load.get('built_at', '?')}"
        + (
            f"; the inserts took {load['store_seconds']:,.0f} s of it; the loader's private memory "
            f"(RssAnon) after a quarter, half and all of the articles: "
            f"{' / '.join(f'{mb:,} MB' for mb in load['load_rss_mb_quarter_half_end'])} "
            f"(peak {load['load_peak_rss_mb']:,} MB)."
            if "load_rss_mb_quarter_half_end" in load
            else "."
        ),
        f"- Load average (1 min) of the machine: {r.load_average[0]:.1f} before the measures, "
        f"{r.load_average[1]:.1f} after (2 cores: above 2 means the bench shared the CPU).",
        "",
    ]
    out[-1:-1] = index_lines(r)
    if r.imports or r.memory:
        out += _import_tables(r)
    out += search_sections(r)
    out += duration_lines(r)
    return out
