"""`manage.py loadtest` (`make loadtest`): the production stack under load, figures in docs/benchmarks.md.

gunicorn (2 workers, production settings) on 127.0.0.1 serves a PostgreSQL
database of generated articles (`archive_loadtest`, created and loaded once
with benchmarks/corpus.py, kept while the corpus matches), and wrk drives
it over the loopback for a fixed time with a fixed number of connections
through a mix of search pages, article pages, facets and CSV exports. Both
processes stop by themselves: wrk after --duration, gunicorn when the run ends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks import corpus, loading, slowclients
from benchmarks.caches import corpus_key
from benchmarks.loadtest_report import count_slow_queries, percentile, render, write_section
from benchmarks.server import free_port, stop

ROOT = Path(settings.BASE_DIR)
VAR = ROOT / "var"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/archive_loadtest"
LUA = ROOT / "deploy" / "loadtest.lua"
CACHE_DIR = VAR / "loadtest-cache"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
MARKER_TABLE = "loadtest_corpus"
SLOW_SQLITE = VAR / "loadtest-slow.sqlite3"

# What researchers do, by share of requests.
MIX = {"search": 40, "article": 30, "facet": 15, "csv": 10, "other lists": 5}


class Command(BaseCommand):
    help = "Load-test gunicorn + PostgreSQL over the loopback with wrk; figures into docs/benchmarks.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--duration", type=int, default=60, help="seconds of load")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_URL))
        parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true", help="print the figures, leave the docs alone")
        parser.add_argument(
            "--prepare-only", action="store_true", help="create and load the database, then stop"
        )
        parser.add_argument(
            "--slow-clients",
            action="store_true",
            help="the slow-client scenario instead (benchmarks/slowclients.py): readers at 4 kB/s vs probes",
        )
        parser.add_argument("--slow-readers", type=int, default=8, help="slow clients streaming exports")
        parser.add_argument("--slow-seconds", type=float, default=20, help="seconds of probing per setup")
        parser.add_argument("--slow-articles", type=int, default=20_000, help="corpus of the scenario")
        parser.add_argument(
            "--slow-database-url",
            default=os.environ.get("LOADTEST_SLOW_DATABASE_URL", f"sqlite:///{SLOW_SQLITE}"),
            help="the scenario's database (default: an SQLite file of its own under var/)",
        )
        # Internal: run in a child process whose DATABASE_URL is the load-test database.
        parser.add_argument(
            "--load-corpus", action="store_true", help="(internal) load the corpus into DATABASE_URL"
        )

    def handle(self, *args, **options) -> None:
        if options["load_corpus"]:
            self.load_corpus(options["articles"], options["seed"])
            return
        if options["slow_clients"]:
            self.slow_clients(options)
            return
        url = options["database_url"]
        entry = dj_database_url.parse(url)
        if entry["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("The load test runs on PostgreSQL (--database-url postgresql://...).")
        if host_of(entry) not in {"127.0.0.1", "localhost", "::1", ""}:
            raise CommandError("The load test only runs against a database on this machine.")
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk is missing: `make loadtest` installs Debian's wrk package.")
        VAR.mkdir(exist_ok=True)

        env = self.production_env(url, options["workers"])
        self.prepare_database(entry, url, env, options["articles"], options["seed"])
        if options["prepare_only"]:
            return
        self.step("collectstatic")
        self.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        paths, shares = self.paths(env, options["seed"])
        paths_file = VAR / "loadtest-paths.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")

        # Every run starts cold: no page is cached before the warm-up.
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        port = free_port()
        log_path = VAR / "loadtest-gunicorn.log"
        self.step(f"gunicorn: {options['workers']} workers on 127.0.0.1:{port} (log: {log_path})")
        with open(log_path, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "--config", str(GUNICORN_CONF), "core.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_healthy(base, server)
                self.cold_pass(base, paths, threads=2 * options["workers"])
                self.step(
                    f"wrk: {options['duration']} s, {options['connections']} connections, "
                    f"{len(paths)} paths ({', '.join(f'{k} {v}%' for k, v in MIX.items())})"
                )
                result = self.run_wrk(wrk, base, paths_file, options)
            finally:
                stop(server)
        slow = count_slow_queries(log_path)
        figures = self.figures(result, options, slow, shares)
        self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        if not options["no_write"]:
            write_section(Path(options["output"]), render(figures))
            self.stdout.write(self.style.SUCCESS(f"Written to {options['output']}"))

    # -- the slow-client scenario (benchmarks/slowclients.py) ---------------

    def slow_clients(self, options: dict) -> None:
        slowclients.Scenario(self, options).run()

    # -- steps -------------------------------------------------------------

    def step(self, message: str) -> None:
        self.stdout.write(f"== {message}")
        self.stdout.flush()

    def run(self, argv: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(argv, cwd=ROOT, env=env, check=True, **kwargs)

    def production_env(self, url: str, workers: int) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            # The server under load is the product alone, without this app.
            "DJANGO_BENCHMARKS": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_FORMAT": "json",
            "DJANGO_LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": str(workers),
            # The workers share one page cache, emptied before each run (see run_server).
            "DJANGO_CACHE_URL": os.environ.get("LOADTEST_CACHE_URL") or f"file://{CACHE_DIR}",
            "PYTHONUNBUFFERED": "1",
        }

    def prepare_database(self, entry: dict, url: str, env: dict, n: int, seed: int) -> None:
        import psycopg

        wanted = corpus_key(n, seed)
        admin = dict(
            host=entry["HOST"] or "127.0.0.1",
            port=entry["PORT"] or 5432,
            user=entry["USER"] or "postgres",
            password=entry["PASSWORD"] or None,
        )
        name = entry["NAME"]
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            current = None
            if exists:
                with psycopg.connect(dbname=name, autocommit=True, **admin) as db:
                    has_marker = db.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
                    if has_marker:
                        current = db.execute(f"SELECT key FROM {MARKER_TABLE}").fetchone()
                        current = current[0] if current else None
            if exists and current == wanted:
                self.step(f"database {name}: corpus {wanted} already loaded; migrate")
                self.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
                return
            if exists:
                self.step(f"database {name}: corpus {current} is not {wanted}; recreating it")
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            self.step(f"database {name}: creating")
            conn.execute(f'CREATE DATABASE "{name}"')
        self.step("migrate")
        self.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        self.step(f"loading {n:,} generated articles (seed {seed}); this takes a few minutes, once")
        started = time.perf_counter()
        self.run(
            [
                sys.executable,
                "manage.py",
                "loadtest",
                "--load-corpus",
                "--articles",
                str(n),
                "--seed",
                str(seed),
            ],
            {**env, "DJANGO_DEBUG": "1", "DJANGO_BENCHMARKS": "1"},  # this command is in the benchmarks app
        )
        self.step(f"loaded in {time.perf_counter() - started:.0f} s")

    def load_corpus(self, n: int, seed: int) -> None:
        from django.db import connection

        name = str(connection.settings_dict["NAME"])
        ours = (connection.vendor == "postgresql" and name.startswith("archive_loadtest")) or (
            connection.vendor == "sqlite" and name == str(SLOW_SQLITE)
        )
        if not ours:
            raise CommandError("--load-corpus only loads a load-test database.")
        loaded = loading.load(n, seed=seed, progress=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text NOT NULL)")
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")
            cursor.execute(f"INSERT INTO {MARKER_TABLE} (key) VALUES (%s)", [corpus_key(n, seed)])
        self.stdout.write(
            f"{loaded.articles:,} articles, {loaded.statements:,} statements, {loaded.events:,} events"
        )

    def paths(self, env: dict, seed: int) -> tuple[list[str], dict[str, int]]:
        """The request mix, as paths; built from what the database holds."""
        import psycopg

        entry = dj_database_url.parse(env["DATABASE_URL"])
        with psycopg.connect(
            host=entry["HOST"] or "127.0.0.1",
            port=entry["PORT"] or 5432,
            user=entry["USER"] or "postgres",
            password=entry["PASSWORD"] or None,
            dbname=entry["NAME"],
        ) as db:
            articles = [r[0] for r in db.execute(
                "SELECT id FROM archive_article WHERE is_public ORDER BY random() LIMIT 2000"
            )]  # fmt: skip
            sources = [r[0] for r in db.execute("SELECT id FROM archive_source ORDER BY id")]
            officials = [r[0] for r in db.execute("SELECT id FROM archive_official ORDER BY id")]
            kinds = [r[0] for r in db.execute("SELECT DISTINCT kind FROM archive_event")]
        if not articles:
            raise CommandError("The load-test database holds no public article.")
        rng = random.Random(seed)
        words, _weights = corpus.vocabulary()
        common = [w for w in words[200:3000] if len(w) > 2]
        rare = [w for w in words[3000:9000] if len(w) > 2]
        years = list(range(1395, 1404))

        def search() -> str:
            choice = rng.random()
            if choice < 0.5:
                q = rng.choice(common)
            elif choice < 0.7:
                q = f"{rng.choice(common)} {rng.choice(common)}"
            elif choice < 0.8:
                q = f'"{rng.choice(common)} {rng.choice(common)}"'
            elif choice < 0.9:
                q = f"{rng.choice(common)} OR {rng.choice(rare)}"
            else:
                q = f"{rng.choice(common)[:3]}*"
            extra = ""
            if rng.random() < 0.25:
                extra = f"&date_from={rng.choice(years)}"
            if rng.random() < 0.15:
                extra += "&sort=newest"
            if rng.random() < 0.1:
                extra += "&page=2"
            return f"/articles/?q={quote(q)}{extra}"

        def facet() -> str:
            choice = rng.random()
            if choice < 0.35:
                return f"/articles/?source={rng.choice(sources)}"
            if choice < 0.6:
                return f"/articles/?official={rng.choice(officials)}"
            if choice < 0.8:
                year = rng.choice(years)
                return f"/articles/?date_from={year}&date_to={year}"
            return f"/articles/?kind={rng.choice(kinds)}&q={quote(rng.choice(common))}"

        def csv() -> str:
            choice = rng.random()
            if choice < 0.5:
                return f"/articles/export.csv?q={quote(rng.choice(rare))}"
            if choice < 0.8:
                year = rng.choice(years)
                official = rng.choice(officials)
                return f"/statements/export.csv?official={official}&date_from={year}/01&date_to={year}/01"
            return f"/articles/export.manifest.json?q={quote(rng.choice(common))}"

        def other() -> str:
            return rng.choice(
                [
                    "/",
                    "/officials/",
                    f"/officials/{rng.choice(officials)}/",
                    f"/statements/?q={quote(rng.choice(common))}",
                    "/events/",
                    f"/events/?kind={rng.choice(kinds)}",
                ]
            )

        makers = {
            "search": search,
            "article": lambda: f"/articles/{rng.choice(articles)}/",
            "facet": facet,
            "csv": csv,
            "other lists": other,
        }
        paths, shares = [], Counter()
        self.kinds: dict[str, str] = {}
        for kind, share in MIX.items():
            for _ in range(share * 20):
                path = makers[kind]()
                paths.append(path)
                self.kinds.setdefault(path, kind)
                shares[kind] += 1
        rng.shuffle(paths)
        return paths, dict(shares)

    def cold_pass(self, base: str, paths: list[str], threads: int) -> None:
        """Every distinct path once, from `threads` clients, on an empty page cache.

        Each must answer 200. This is what a reader meets on an archive that
        nobody has read since its last change: every page computed. Its times
        per kind of request tell where the time goes; its pace is the cold
        throughput. The timed load that follows meets these pages again, as
        readers of a published archive do, until the next edit.
        """
        distinct = list(dict.fromkeys(paths))
        self.step(f"cold pass: {len(distinct)} distinct paths once each, {threads} clients, empty cache")
        self.alone: dict[str, list[tuple[float, int]]] = {kind: [] for kind in MIX}
        failures: list[str] = []

        def one(path: str) -> tuple[str, int, float, int]:
            started = time.perf_counter()
            status, size = fetch(base + path)
            return path, status, time.perf_counter() - started, size

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for path, status, seconds, size in pool.map(one, distinct):
                self.alone[self.kinds[path]].append((seconds, size))
                if status != 200:
                    failures.append(f"{status} {path}")
        elapsed = time.perf_counter() - began
        if failures:
            raise CommandError("Some load-test pages fail:\n" + "\n".join(failures[:20]))
        times = sorted(t for runs in self.alone.values() for t, _ in runs)
        self.cold = {
            "requests": len(times),
            "clients": threads,
            "seconds": round(elapsed, 1),
            "requests_per_s": round(len(times) / elapsed, 1),
            "p50_ms": round(percentile(times, 50) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "p99_ms": round(percentile(times, 99) * 1000, 1),
        }

    def run_wrk(self, wrk: str, base: str, paths_file: Path, options: dict) -> dict:
        argv = [
            wrk,
            f"-t{options['threads']}",
            f"-c{options['connections']}",
            f"-d{options['duration']}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(LUA),
            base,
            "--",
            str(paths_file),
        ]
        done = subprocess.run(
            argv, cwd=ROOT, capture_output=True, text=True, timeout=options["duration"] + 60
        )
        self.stdout.write(done.stdout)
        if done.returncode != 0:
            raise CommandError(f"wrk failed: {done.stderr}")
        line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
        return json.loads(line)

    def figures(self, result: dict, options: dict, slow: int, shares: dict) -> dict:
        seconds = result["duration_us"] / 1e6
        errors = sum(
            result[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
        )
        return {
            "date": dt.date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
            "postgresql": postgres_version(options["database_url"]),
            "articles": options["articles"],
            "workers": options["workers"],
            "connections": options["connections"],
            "duration_s": round(seconds, 1),
            "requests": result["requests"],
            "requests_per_s": round(result["requests"] / seconds, 1),
            "p50_ms": round(result["p50_us"] / 1000, 1),
            "p95_ms": round(result["p95_us"] / 1000, 1),
            "p99_ms": round(result["p99_us"] / 1000, 1),
            "max_ms": round(result["max_us"] / 1000, 1),
            "errors": errors,
            "error_detail": {
                k: result[k]
                for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
            },
            "slow_queries_logged": slow,
            "mix": shares,
            "alone": {
                kind: {
                    "n": len(runs),
                    "median_ms": round(sorted(t for t, _ in runs)[len(runs) // 2] * 1000, 1),
                    "p95_ms": round(percentile(sorted(t for t, _ in runs), 95) * 1000, 1),
                    "median_kb": round(sorted(b for _, b in runs)[len(runs) // 2] / 1000, 1),
                }
                for kind, runs in self.alone.items()
                if runs
            },
            "mb_received": round(result["bytes"] / 1e6, 1),
            "cold": self.cold,
        }


# -- helpers ---------------------------------------------------------------


def host_of(entry: dict) -> str:
    return str(entry.get("HOST") or "")


def quote(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)


def fetch(url: str, timeout: float = 60) -> tuple[int, int]:
    """(status, bytes) of a GET as the reverse proxy would send it; status 0 when nothing answered."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0
    except (urllib.error.URLError, OSError):
        return 0, 0


def wait_healthy(base: str, server: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn exited at start; see var/loadtest-gunicorn.log")
        if fetch(base + "/healthz", timeout=5)[0] == 200:
            return
        time.sleep(0.5)
    raise CommandError("gunicorn did not answer /healthz within a minute")


def postgres_version(url: str) -> str:
    import psycopg

    entry = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=entry["HOST"] or "127.0.0.1",
            port=entry["PORT"] or 5432,
            user=entry["USER"] or "postgres",
            password=entry["PASSWORD"] or None,
            dbname=entry["NAME"],
        ) as db:
            return db.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return "?"
