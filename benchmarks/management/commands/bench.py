"""`python manage.py bench`: the performance targets of the design, measured, into docs/benchmarks.md.

The benchmark never touches the site's database. On SQLite it builds a
generated corpus once into var/bench-<N>.sqlite3 (rebuilt when the generator,
the loader, the key rules or the migrations change), copies it to
var/bench-run.sqlite3 and measures on the copy, since the import measure
writes (from IN_PLACE_FROM articles on, on the cache itself: the import runs
undo what they add). On PostgreSQL it uses its own database (archive_bench),
loaded once and kept while the corpus key matches. Either way the search
index is rebuilt into var/bench-search-<database>/ and a bare Tantivy floor
is kept in var/bench-floor-<N>/: built from the key columns of a corpus
generated from the same seed, it serves both databases (its stamp holds the
corpus key).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client

from benchmarks import alerts, api, cold, floor, importing, loading, measure, server
from benchmarks.caches import (
    corpus_key,
    corpus_matches,
    migration_digests,
    read_meta,
    remove_sqlite,
    sqlite_meta,
    use_database,
    write_meta,
)
from benchmarks.queries import cold_queries
from benchmarks.report import EngineResult, ServerResult, keep_loadtest_section, render

VAR = Path(settings.BASE_DIR) / "var"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/archive_bench"
# From this size the SQLite measures run on the corpus cache itself, not on a copy.
IN_PLACE_FROM = 500_000


# The CSV exports through the server: a search of about this many rows, and one a tenth its size.
CSV_ROWS = 100_000


def csv_choices(figures: list) -> list[tuple[str, str, int]]:
    """(label, query string, rows) of the two CSV exports: the searches nearest CSV_ROWS rows and a tenth."""
    words = [f for f in figures if f.query.q and not f.query.params and not f.floor_cut and f.matches]
    if not words:
        return []
    big = min(words, key=lambda f: abs(f.matches - CSV_ROWS))
    small = min(
        (f for f in words if f is not big), key=lambda f: abs(f.matches - big.matches / 10), default=None
    )
    chosen = [("large search", big)] + ([("a tenth of it", small)] if small else [])
    return [(f"{label} `{f.query.label}`", f.query.query_string, f.matches) for label, f in chosen]


class Command(BaseCommand):
    help = (
        "Measure import, index, cold and warm search (vs a bare Tantivy floor) and CSV on a generated corpus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=100_000, help="corpus size (default 100,000)")
        parser.add_argument(
            "--queries", type=int, default=0, help="cold search queries to run (default: all ~80)"
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=5,
            help="timed runs of the browse and research pages (after a warm-up)",
        )
        parser.add_argument("--warm-repeat", type=int, default=3, help="warm requests of each search query")
        parser.add_argument(
            "--no-server", action="store_true", help="skip the gunicorn part (CSV, worker memory)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument(
            "--database-url", help="measure on this database instead of var/bench-run.sqlite3 (no cache)"
        )
        parser.add_argument("--postgres", action="store_true", help=f"also measure on {POSTGRES_URL}")
        parser.add_argument("--postgres-url", default=POSTGRES_URL)
        parser.add_argument("--postgres-articles", type=int, default=None, help="PostgreSQL corpus size")
        parser.add_argument(
            "--import-articles",
            type=int,
            default=20_000,
            help="articles per timed import run (default 20,000)",
        )
        parser.add_argument(
            "--import-runs", type=int, default=3, help="timed import runs per format (median)"
        )
        parser.add_argument(
            "--import-memory-articles",
            type=int,
            default=100_000,
            help="size of the import whose peak memory is compared with --import-articles "
            "(first database only; 0 skips it)",
        )
        parser.add_argument(
            "--alert-subscriptions", type=int, default=1000, help="alerts send_alerts is timed over (0 skips)"
        )
        parser.add_argument("--import-memory-format", choices=importing.FORMATS, default="txt")
        # Internal: one import run in a child process (see benchmarks/importing.py).
        parser.add_argument("--import-child", help=argparse.SUPPRESS)
        parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
        parser.add_argument("--rebuild", action="store_true", help="ignore a cached corpus")
        parser.add_argument(
            "--corpus-only",
            action="store_true",
            help="build (or check) the corpus caches and stop: a million articles load in the background",
        )
        parser.add_argument(
            "--var-dir", help="where corpus caches, index directories and logs go (default: var/)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        saved = settings.DEBUG, settings.ALLOWED_HOSTS, settings.SEARCH_INDEX_DIR
        saved_env = os.environ.get("SEARCH_INDEX_DIR")
        try:
            self.bench(options)
        finally:
            settings.DEBUG, settings.ALLOWED_HOSTS, settings.SEARCH_INDEX_DIR = saved
            if saved_env is None:
                os.environ.pop("SEARCH_INDEX_DIR", None)
            else:
                os.environ["SEARCH_INDEX_DIR"] = saved_env
            self.forget_open_indexes()

    def bench(self, options: dict[str, Any]) -> None:
        began = time.perf_counter()
        self.options = options
        self.var = Path(options.get("var_dir") or VAR)
        # Production-like requests: no SQL logging, no debug templates; the
        # test Client's host must be allowed once DEBUG is off.
        settings.DEBUG = False
        if options["import_child"]:
            spec = json.loads(options["import_child"])
            with use_database(spec["url"]):
                self.stdout.write(json.dumps(importing.import_child(spec["paths"])))
            return
        self.memory_measured = False
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        results = []
        n = options["articles"]
        if options.get("corpus_only"):
            self.prepare_corpora(n)
            return
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
        report = render(results, key_rate, key_mb, gen_rate, time.perf_counter() - began, options)
        # `manage.py loadtest` writes its own section into the same file: it is kept as it is.
        previous = output.read_text(encoding="utf-8") if output.exists() else ""
        output.write_text(keep_loadtest_section(report, previous), encoding="utf-8")
        self.stdout.write(f"Wrote {output} in {time.perf_counter() - began:.0f} s.")

    # -- databases ---------------------------------------------------------
    def log(self, message: str) -> None:
        self.stderr.write(f"[bench] {message}")

    def prepare_corpora(self, n: int) -> None:
        """Only the corpora the options name, built or checked; nothing measured."""
        if self.options["database_url"]:
            urls = [(self.options["database_url"], n)]
        else:
            self.sqlite_cache(n)
            urls = []
        if self.options["postgres"]:
            urls.append((self.options["postgres_url"], self.options["postgres_articles"] or n))
        for url, size in urls:
            if url.startswith("postgres"):
                self.ensure_postgres_database(url)
            with use_database(url):
                call_command("migrate", verbosity=0, interactive=False)
                self.ensure_corpus(url, size)
        self.log("corpora ready")

    def sqlite_cache(self, n: int) -> Path:
        """var/bench-<n>.sqlite3, built unless it already holds this corpus."""
        self.var.mkdir(exist_ok=True)
        cache = self.var / f"bench-{n}.sqlite3"
        key = corpus_key(n, self.options["seed"])
        meta = sqlite_meta(cache)
        if self.options["rebuild"] or not corpus_matches(meta, n, self.options["seed"]):
            self.log(f"building the corpus cache {cache} ({n:,} articles)")
            remove_sqlite(cache)
            with use_database(f"sqlite:///{cache}"):
                self.build(n, key)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            self.log(f"reusing {cache} (built {meta['built_at']})")
        return cache

    def run_sqlite(self, n: int) -> EngineResult:
        """Build (or reuse) var/bench-<n>.sqlite3, copy it and measure on the copy."""
        cache = self.sqlite_cache(n)
        work = self.var / "bench-run.sqlite3"
        remove_sqlite(work)
        if n >= IN_PLACE_FROM:
            # A copy of a million articles is tens of GB and minutes; the import runs undo what
            # they add, so the measures run on the cache itself.
            self.log(f"measuring in place on {cache} (no copy at {IN_PLACE_FROM:,} articles and above)")
            return self.run_on(f"sqlite:///{cache}", n, cached=True)
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
        report = loading.load(n, self.options["seed"], workers=self.options["workers"], progress=True)
        self.log(
            f"loaded in {report.seconds:.0f} s ({report.rate:.0f} articles/s; "
            f"inserts {report.store_seconds:.0f} s, peak RssAnon {report.peak_rss_mb:.0f} MB)"
        )
        info: dict[str, Any] = {
            "key": key,
            "migrations": migration_digests(),
            "built_at": dt.datetime.now().isoformat(timespec="seconds"),
            "articles": report.articles,
            "statements": report.statements,
            "events": report.events,
            "load_seconds": round(report.seconds, 1),
            "load_rate": round(report.rate, 1),
        }
        info["load_peak_rss_mb"] = round(report.peak_rss_mb)
        info["store_seconds"] = round(report.store_seconds, 1)
        info["load_rss_mb_quarter_half_end"] = [round(report.rss_at(x)) for x in (0.25, 0.5, 1.0)]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
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
            # A copy of the SQLite cache was checked before it was copied.
            meta = read_meta() if cached else self.ensure_corpus(url, n)
            result = EngineResult(
                vendor=connection.vendor,
                version=self.server_version(),
                articles=n,
                load={**meta, "cached": cached or "built_at" in meta},
                size_mb=self.size_mb(url),
            )
            self.measure_all(result, url, n, seed, key)
        return result

    def ensure_corpus(self, url: str, n: int) -> dict[str, Any]:
        """The current database's corpus record, loading the corpus first unless it holds this one."""
        seed = self.options["seed"]
        meta = read_meta()
        if corpus_matches(meta, n, seed):
            self.log(f"{url}: reusing its corpus (built {meta['built_at']})")
            return meta
        if meta or self.has_articles():
            if connection.vendor == "sqlite":
                raise CommandError(f"{url} holds other data; give an empty database or a new file.")
            self.log("the PostgreSQL bench database holds another corpus: emptying it")
            call_command("flush", verbosity=0, interactive=False)
        return self.build(n, corpus_key(n, seed))

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
    def measure_imports(self, result: EngineResult, url: str, n: int, seed: int) -> None:
        """Import runs of each format, and once (first database) the larger run for memory."""
        opts = self.options
        if opts["import_articles"] <= 0:
            return
        for fmt in importing.FORMATS:
            self.log(
                f"{result.vendor}: import of {opts['import_articles']:,} articles as {fmt}, "
                f"{opts['import_runs']} runs"
            )
            result.imports.append(
                importing.measure_series(
                    url, opts["import_articles"], fmt, opts["import_runs"], seed, n, self.log
                )
            )
        if opts["import_memory_articles"] > 0 and not self.memory_measured:
            self.memory_measured = True
            fmt = opts["import_memory_format"]
            self.log(
                f"{result.vendor}: memory, import of {opts['import_memory_articles']:,} articles as {fmt}"
            )
            result.memory = importing.measure_series(
                url, opts["import_memory_articles"], fmt, 1, seed, n, self.log
            )

    def measure_all(self, result: EngineResult, url: str, n: int, seed: int, key: str) -> None:
        opts = self.options
        busy_before = os.getloadavg()[0]
        index_dir = self.var / f"bench-search-{result.vendor}"
        phases = result.phase_seconds

        @contextmanager
        def phase(name: str) -> Iterator[None]:
            began = time.perf_counter()
            yield
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - began

        with phase("index"):
            self.index_step(result, index_dir)
        with phase("floor"):
            floor_index = self.floor_step(result, key)
        with phase("imports"):
            self.measure_imports(result, url, n, seed)
            self.sync_step(result)
        queries = cold_queries()
        if opts["queries"]:
            queries = queries[: opts["queries"]]
        mb, seconds = floor.read_through(index_dir, floor_index.directory)
        db_mb, db_seconds = floor.read_database_through()
        result.index["warmed"] = f"{mb + db_mb:,.0f} MB in {seconds + db_seconds:.1f} s"
        self.log(f"{result.vendor}: index, floor and rows read into the page cache: {result.index['warmed']}")
        self.log(f"{result.vendor}: cold search, {len(queries)} queries (then warm ×{opts['warm_repeat']})")
        # The pages are measured as a server's worker serves them: with what the
        # process held before its first page frozen out of the collector's reach
        # (core/wsgi.py does so before the workers fork).
        gc.freeze()
        # A worker that has shown pages for a while (the analyzer's caches hold the
        # corpus's words) and served one since the last write: the index caught up,
        # templates compiled, the list's facet totals counted (each new commit's are
        # started by the first request that sees it, `engine._warm_totals`).
        cold.warm_analyzer()
        Client().get("/articles/")
        with phase("search"):
            result.cold = cold.measure_cold(
                Client(), queries, floor_index.searcher(), opts["warm_repeat"], log=self.log
            )
            client = Client()
            result.browse = measure.measure_page(client, [measure.Query("browse", "")], opts["repeat"])[0]
            result.research = [
                (label, measure.measure_url(client, url, opts["repeat"]))
                for label, url in measure.research_pages()
            ]
        self.log(f"{result.vendor}: the API article list, the same queries cold and warm")
        with phase("api"):
            result.api = api.measure_api(Client(), queries, opts["warm_repeat"])
        gc.unfreeze()
        if opts["alert_subscriptions"] > 0:
            self.log(f"{result.vendor}: send_alerts over {opts['alert_subscriptions']:,} alerts")
            with phase("alerts"):
                result.alerts = alerts.time_send_alerts(opts["alert_subscriptions"])
        if not opts["no_server"]:
            with phase("server"):
                self.server_step(result, url, index_dir)
        result.load_average = (busy_before, os.getloadavg()[0])

    def index_step(self, result: EngineResult, index_dir: Path) -> None:
        """`rebuild_search_index` into the bench's own index directory, timed; its size on disk."""
        shutil.rmtree(index_dir, ignore_errors=True)
        index_dir.mkdir(parents=True)
        # The import children and the server read it from the environment.
        settings.SEARCH_INDEX_DIR = index_dir
        os.environ["SEARCH_INDEX_DIR"] = str(index_dir)
        self.forget_open_indexes()
        self.log(f"{result.vendor}: rebuild_search_index")
        out = io.StringIO()
        began = time.perf_counter()
        call_command("rebuild_search_index", stdout=out, stderr=io.StringIO())
        seconds = time.perf_counter() - began
        result.index = {
            "rebuild_seconds": seconds,
            "rebuild_output": out.getvalue().strip(),
            "size_mb": floor.directory_mb(index_dir),
            "engine": "Tantivy",
        }
        self.log(f"  {seconds:.1f} s; index {result.index['size_mb']:.0f} MB on disk")

    def forget_open_indexes(self) -> None:
        from archive.search import indexdir

        indexdir.forget()

    def sync_step(self, result: EngineResult) -> None:
        """After the import runs were undone: the index follows the log before the cold pass starts."""
        began = time.perf_counter()
        call_command("sync_search_index", stdout=io.StringIO(), stderr=io.StringIO())
        result.index["sync_seconds"] = time.perf_counter() - began

    def floor_step(self, result: EngineResult, key: str) -> floor.FloorIndex:
        directory = self.var / f"bench-floor-{result.articles}"
        self.log(f"{result.vendor}: bare Tantivy floor index in {directory}")
        index, reused = floor.open_or_build(directory, key, threads=self.options["workers"])
        result.floor = {
            "documents": index.documents,
            "seconds": index.build_seconds,
            "size_mb": index.size_mb,
            "reused": reused,
        }
        self.log(
            f"  {'reused' if reused else 'built'}: {index.documents:,} documents, {index.size_mb:.0f} MB"
        )
        return index

    def server_step(self, result: EngineResult, url: str, index_dir: Path) -> None:
        """The query set through gunicorn (cold: its page cache starts empty), two CSV exports, one JSONL."""
        self.log(f"{result.vendor}: gunicorn, 1 worker: the query set once, then the CSV exports")
        connection.close()
        with server.serve(url, index_dir, self.var / "bench-gunicorn.log") as srv:
            out = ServerResult(idle_mb=srv.private_mb())
            with server.RssSampler(srv.worker) as sampler:
                for figure in result.cold:
                    status, _size, ms = server.get(srv.base + figure.query.url)
                    out.statuses.append(status)
                    out.page_ms.append(ms)
            out.queries_peak_mb, out.after_queries_mb = sampler.peak, srv.private_mb()
            for label, query_string, rows in csv_choices(result.cold):
                self.log(f"  CSV {label}: {rows:,} rows")
                out.csv.append(server.measure_csv(srv, label, query_string, rows))
            for label, query_string, rows in csv_choices(result.cold)[:1]:
                self.log(f"  JSONL {label}: {rows:,} articles with their bodies and statements")
                out.jsonl.append(server.measure_jsonl(srv, label, query_string, rows))
            out.final_mb = srv.private_mb()
        result.server = out
