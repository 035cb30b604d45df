"""`python manage.py bench`: the performance targets of the design, measured, into docs/benchmarks.md.

The benchmark never touches the site's database. On SQLite it builds a
generated corpus once into var/bench-<N>.sqlite3 (rebuilt when the generator,
the key rules or the migrations change), copies it to var/bench-run.sqlite3
and measures on the copy, since the import measure writes. On PostgreSQL it
uses its own database (archive_bench), loaded once and kept while the corpus
key matches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.test import Client

from archive import text
from archive.bench import corpus, measure

VAR = Path(settings.BASE_DIR) / "var"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/archive_bench"
# Used only when the site itself is not on SQLite; otherwise the bench takes the
# site's own SQLite engine and options (core/settings.py), so the figures are the site's.
SQLITE_ENGINE = "core.sqlite"
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
META_TABLE = "bench_corpus"


def corpus_key(n: int, seed: int) -> str:
    """What a cached corpus depends on: size, seed, generator, key rules and the set of migrations.

    Migrations are identified by name: a committed migration does not change,
    and a new one (a new column, a new index) means a new cache.
    """
    migrations = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "migrations").glob("0*.py"))
    digest = hashlib.sha256("\n".join(migrations).encode()).hexdigest()[:12]
    return f"n{n}-seed{seed}-gen{corpus.GENERATOR_VERSION}-key{text.KEY_VERSION}-mig{digest}"


def database_settings(url: str) -> dict[str, Any]:
    """A complete DATABASES entry for `url`, with the site's SQLite options."""
    entry = dj_database_url.parse(url, conn_max_age=0)
    if entry["ENGINE"] == "django.db.backends.sqlite3":
        site = settings.DATABASES["default"]
        if connections["default"].vendor == "sqlite":
            entry["ENGINE"], entry["OPTIONS"] = site["ENGINE"], dict(site.get("OPTIONS", {}))
        else:
            entry["ENGINE"], entry["OPTIONS"] = SQLITE_ENGINE, dict(SQLITE_OPTIONS)
    return connections.configure_settings({"default": entry})["default"]


@contextmanager
def use_database(url: str) -> Iterator[None]:
    """Point the default connection at `url` for the block; the site's database is refused."""
    entry = database_settings(url)
    site = settings.DATABASES["default"]
    if entry["ENGINE"] == site["ENGINE"] and str(entry["NAME"]) == str(site["NAME"]):
        raise CommandError(f"The benchmark will not run on the site's database ({site['NAME']}).")
    old_connection = connections["default"]
    old_connection.close()
    connections.settings["default"] = settings.DATABASES["default"] = entry
    del connections["default"]
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = settings.DATABASES["default"] = site
        connections["default"] = old_connection


def read_meta() -> dict[str, Any] | None:
    """The corpus record of the current database, or None when it has none."""
    with connection.cursor() as cursor:
        if META_TABLE not in connection.introspection.table_names(cursor):
            return None
        cursor.execute(f"SELECT info FROM {META_TABLE}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(info: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (info TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {META_TABLE}")
        cursor.execute(f"INSERT INTO {META_TABLE} (info) VALUES (%s)", [json.dumps(info)])


def sqlite_meta(path: Path) -> dict[str, Any] | None:
    """The corpus record of a SQLite file, read without Django (None if absent or unreadable)."""
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute(f"SELECT info FROM {META_TABLE}").fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass
class EngineResult:
    """Everything measured on one database."""

    vendor: str
    version: str
    articles: int
    load: dict[str, Any]
    size_mb: float
    imported: measure.ImportFigure | None = None
    pages: list[measure.PageFigure] = field(default_factory=list)
    browse: measure.PageFigure | None = None
    bare: list[tuple[measure.Query, measure.Timing, int]] = field(default_factory=list)
    exports: list[measure.ExportFigure] = field(default_factory=list)
    research: list[tuple[str, measure.Timing]] = field(default_factory=list)
    # 1-minute load average before and after the measures: other work on the
    # machine inflates every figure, so the report says how busy it was.
    load_average: tuple[float, float] = (0.0, 0.0)


class Command(BaseCommand):
    help = "Measure import, search key, search page (vs bare FTS5) and CSV export on a generated corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=100_000, help="corpus size (default 100,000)")
        parser.add_argument("--queries", type=int, default=0, help="search queries to run (default: all)")
        parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (after a warm-up)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument(
            "--database-url", help="measure on this database instead of var/bench-run.sqlite3 (no cache)"
        )
        parser.add_argument("--postgres", action="store_true", help=f"also measure on {POSTGRES_URL}")
        parser.add_argument("--postgres-url", default=POSTGRES_URL)
        parser.add_argument("--postgres-articles", type=int, default=None, help="PostgreSQL corpus size")
        parser.add_argument("--import-articles", type=int, default=2000)
        parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
        parser.add_argument("--rebuild", action="store_true", help="ignore a cached corpus")

    def handle(self, *args: Any, **options: Any) -> None:
        saved = settings.DEBUG, settings.ALLOWED_HOSTS
        try:
            self.bench(options)
        finally:
            settings.DEBUG, settings.ALLOWED_HOSTS = saved

    def bench(self, options: dict[str, Any]) -> None:
        began = time.perf_counter()
        self.options = options
        # Production-like requests: no SQL logging, no debug templates; the
        # test Client's host must be allowed once DEBUG is off.
        settings.DEBUG = False
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        results = []
        n = options["articles"]
        if options["database_url"]:
            if options["database_url"].startswith("postgres"):
                self.ensure_postgres_database(options["database_url"])
            results.append(self.run_on(options["database_url"], n, cached=False))
        else:
            results.append(self.run_sqlite(n))
        if options["postgres"]:
            self.ensure_postgres_database(options["postgres_url"])
            results.append(
                self.run_on(options["postgres_url"], options["postgres_articles"] or n, cached=False)
            )
        key_rate, key_mb = measure.measure_search_key(min(n, 2000), options["seed"])
        gen_rate = measure.measure_generation(min(n, 2000), options["seed"], 0)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            render(results, key_rate, key_mb, gen_rate, time.perf_counter() - began, options),
            encoding="utf-8",
        )
        self.stdout.write(f"Wrote {output} in {time.perf_counter() - began:.0f} s.")

    # -- databases ---------------------------------------------------------
    def log(self, message: str) -> None:
        self.stderr.write(f"[bench] {message}")

    def run_sqlite(self, n: int) -> EngineResult:
        """Build (or reuse) var/bench-<n>.sqlite3, copy it and measure on the copy."""
        VAR.mkdir(exist_ok=True)
        cache = VAR / f"bench-{n}.sqlite3"
        work = VAR / "bench-run.sqlite3"
        key = corpus_key(n, self.options["seed"])
        meta = sqlite_meta(cache)
        if self.options["rebuild"] or not meta or meta.get("key") != key:
            self.log(f"building the corpus cache {cache} ({n:,} articles)")
            remove_sqlite(cache)
            with use_database(f"sqlite:///{cache}"):
                self.build(n, key)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            self.log(f"reusing {cache} (built {meta['built_at']})")
        remove_sqlite(work)
        shutil.copyfile(cache, work)
        return self.run_on(f"sqlite:///{work}", n, cached=True)

    def ensure_postgres_database(self, url: str) -> None:
        import psycopg
        from psycopg import sql

        entry = dj_database_url.parse(url)
        admin = {k: v for k, v in (("host", entry["HOST"]), ("port", entry["PORT"]), ("user", entry["USER"]),
                                   ("password", entry["PASSWORD"])) if v}  # fmt: skip
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
            exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [entry["NAME"]]).fetchone()
            if not exists:
                self.log(f"creating database {entry['NAME']}")
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(entry["NAME"])))

    def build(self, n: int, key: str) -> dict[str, Any]:
        """Migrate the current (empty) database and load the corpus into it."""
        call_command("migrate", verbosity=0, interactive=False)
        self.log(f"loading {n:,} generated articles with {self.options['workers']} key workers")
        report = corpus.load(n, self.options["seed"], workers=self.options["workers"], progress=True)
        self.log(f"loaded in {report.seconds:.0f} s ({report.rate:.0f} articles/s)")
        info: dict[str, Any] = {
            "key": key,
            "built_at": dt.datetime.now().isoformat(timespec="seconds"),
            "articles": report.articles,
            "statements": report.statements,
            "events": report.events,
            "load_seconds": round(report.seconds, 1),
            "load_rate": round(report.rate, 1),
        }
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                began = time.perf_counter()
                cursor.execute("INSERT INTO archive_article_fts(archive_article_fts) VALUES ('optimize')")
                info["bare_index_seconds"] = round(measure.create_bare_index(), 1)
                info["optimize_seconds"] = round(time.perf_counter() - began, 1)
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM ANALYZE")
        write_meta(info)
        return info

    def run_on(self, url: str, n: int, cached: bool) -> EngineResult:
        """Measure on the database at `url`, loading the corpus first unless it already holds it."""
        seed = self.options["seed"]
        with use_database(url):
            call_command("migrate", verbosity=0, interactive=False)
            key = corpus_key(n, seed)
            meta = read_meta()
            # A copy of the SQLite cache was checked before it was copied.
            if not cached and (not meta or meta.get("key") != key):
                if meta or self.has_articles():
                    if connection.vendor == "sqlite":
                        raise CommandError(f"{url} holds other data; give an empty database or a new file.")
                    self.log("the PostgreSQL bench database holds another corpus: emptying it")
                    call_command("flush", verbosity=0, interactive=False)
                meta = self.build(n, key)
            if connection.vendor == "sqlite" and not self.has_table(measure.BARE_TABLE):
                measure.create_bare_index()
            result = EngineResult(
                vendor=connection.vendor,
                version=self.server_version(),
                articles=n,
                load={**meta, "cached": cached or "built_at" in meta},
                size_mb=self.size_mb(url),
            )
            self.measure_all(result, n, seed)
        return result

    def has_articles(self) -> bool:
        from archive.models import Article

        return Article.objects.exists()

    def has_table(self, name: str) -> bool:
        with connection.cursor() as cursor:
            return name in connection.introspection.table_names(cursor)

    def server_version(self) -> str:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                return "SQLite " + cursor.fetchone()[0]
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]

    def size_mb(self, url: str) -> float:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            else:
                cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 1e6

    # -- measurements ------------------------------------------------------
    def measure_all(self, result: EngineResult, n: int, seed: int) -> None:
        from archive.models import Article

        opts = self.options
        client = Client()
        busy_before = os.getloadavg()[0]
        self.log(f"{result.vendor}: import of {opts['import_articles']:,} articles through import_paths")
        result.imported, ids = measure.measure_import(opts["import_articles"], seed, start=n)
        if result.vendor != "sqlite":
            # The PostgreSQL database is kept between runs: leave it as loaded.
            Article.objects.filter(pk__in=ids).delete()
        queries = measure.search_queries()
        if opts["queries"]:
            queries = queries[: opts["queries"]]
        self.log(f"{result.vendor}: search page, {len(queries)} queries × {opts['repeat']}")
        result.pages = measure.measure_page(client, queries, opts["repeat"])
        result.browse = measure.measure_page(client, [measure.Query("browse", "")], opts["repeat"])[0]
        result.research = [
            (label, measure.measure_url(client, url, opts["repeat"]))
            for label, url in measure.research_pages()
        ]
        if result.vendor == "sqlite":
            self.log("sqlite: bare FTS5 baseline")
            result.bare = measure.measure_bare(queries, opts["repeat"])
        self.log(f"{result.vendor}: CSV export")
        year = "date_from=1400&date_to=1400"
        for label, query_string in (("one year (1400)", year), ("all public articles", "")):
            rows = measure.expected_rows(query_string)
            result.exports.append(measure.measure_export(client, label, query_string, rows))
        result.exports.append(
            measure.measure_export(
                client, "all statements", "", measure.expected_statements(), "/statements/export.csv"
            )
        )
        result.load_average = (busy_before, os.getloadavg()[0])


# ---------------------------------------------------------------------------
# The report

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
        "the corpus is generated (`archive/bench/corpus.py`), so any run with the same "
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
        if r.imported:
            out.append(
                f"| bulk import via `import_paths` ({r.vendor}, {r.articles:,} in the database) | "
                f"{r.imported.rate:.0f} articles/s | ≥ {IMPORT_TARGET:.0f}/s | "
                f"{verdict(r.imported.rate, IMPORT_TARGET, True)} |"
            )
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
        "token cache emptied first (`archive.text.benchmark_search_key`).",
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
        "- Bulk import writes the generated articles to one JSONL file and times `import_paths()` on it "
        "(read, parse, key, de-duplicate, store, index: one transaction).",
        "",
    ]
    return "\n".join(out)


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
    if r.imported:
        i = r.imported
        out += [
            "### Bulk import",
            "",
            "| articles | seconds | articles/s | duplicates | failures |",
            "| --- | --- | --- | --- | --- |",
            f"| {i.articles:,} | {i.seconds:.1f} | {i.rate:.0f} | {i.duplicates} | {i.failures} |",
            "",
        ]
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
