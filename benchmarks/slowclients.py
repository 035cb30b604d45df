"""The slow-client scenario of `manage.py loadtest --slow-clients`: can slow readers hold the site?

Eight clients each download the CSV export of every public article, reading
it at a few kilobytes a second (a small receive buffer and a pause between
reads, as `curl --limit-rate 4k` does), while a probe asks for `/healthz`
and for a search page (a different query each time, so it is computed, not
taken from the page cache) one after the other. The same scenario runs
against each server configuration: gunicorn's sync workers and its gthread
workers, each straight on the loopback and behind nginx with buffering (when
nginx is installed; it runs on a loopback port for the measurement only).
Every process is started here, on 127.0.0.1, and stopped when its phase ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.loadtest_report import write_section
from benchmarks.report import SLOW_CLIENTS_BEGIN, SLOW_CLIENTS_END

READ_BYTES = 1024
READ_PAUSE = 0.25  # 1 kB every quarter second: 4 kB/s
RECEIVE_BUFFER = 4096
GUNICORN_CONF = "deploy/gunicorn.conf.py"
SETTLE_MAX, SETTLE_AFTER = 20.0, 5.0
HEADER = [
    "setup",
    "`/healthz` median / max",
    "search median / max",
    "probes ≥ 1 s",
    "failed probes",
    "readers answered",
    "read by each reader (median)",
    "all under 1 s",
]


@dataclass(frozen=True)
class Setup:
    """One server configuration under test."""

    name: str
    worker_class: str
    threads: int
    nginx: bool


SETUPS = [
    Setup("sync workers, no proxy", "sync", 1, False),
    Setup("gthread workers (8 threads), no proxy", "gthread", 8, False),
    Setup("sync workers behind nginx (buffering on)", "sync", 1, True),
    Setup("gthread workers (8 threads) behind nginx (buffering on)", "gthread", 8, True),
]


@dataclass
class SlowReader:
    """A client that downloads `path` at READ_BYTES per READ_PAUSE until told to stop."""

    port: int
    path: str
    received: int = 0
    status: str = ""
    first_byte_s: float | None = None
    error: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.monotonic()
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                # Before connect: the window the client offers stays small, as on a slow line.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
                sock.settimeout(30)
                sock.connect(("127.0.0.1", self.port))
                request = (
                    f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
                    "Connection: close\r\n\r\n"
                )
                sock.sendall(request.encode())
                while not self.stop.is_set():
                    chunk = sock.recv(READ_BYTES)
                    if not chunk:
                        break
                    if self.first_byte_s is None:
                        self.first_byte_s = time.monotonic() - started
                        self.status = chunk.split(b"\r\n", 1)[0].decode("latin-1")
                    self.received += len(chunk)
                    self.stop.wait(READ_PAUSE)
        except OSError as exc:
            self.error = type(exc).__name__


def probe(port: int, path: str, timeout: float = 10.0) -> tuple[int, float]:
    """(status, seconds) of one GET as the proxy would pass it on; status 0 when nothing answered in time."""
    import http.client

    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status, time.monotonic() - started
    except OSError:
        return 0, time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe(port, path, timeout=2)[0] == 200:
            return
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered {path} on 127.0.0.1:{port} within {seconds:.0f} s")


def stop_group(process: subprocess.Popen) -> None:
    """Stop a process this module started in its own session, and its children."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream archive {{ server 127.0.0.1:{upstream} fail_timeout=0; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://archive;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_read_timeout 130s;
            # As deploy/nginx.conf: buffered, exports in up to 1 MB of memory, then a temporary file.
            proxy_buffering on;
            proxy_buffers 64 16k;
            proxy_max_temp_file_size 256m;
        }}
    }}
}}
"""


def start_nginx(var: Path, upstream: int) -> tuple[subprocess.Popen, int]:
    prefix = var / "slowclients-nginx"
    shutil.rmtree(prefix, ignore_errors=True)
    prefix.mkdir(parents=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, upstream=upstream, port=port), encoding="utf-8")
    process = subprocess.Popen(
        [shutil.which("nginx") or "nginx", "-p", str(prefix), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=open(prefix / "stderr.log", "w"),  # noqa: SIM115 - lives as long as the process
        start_new_session=True,
    )
    return process, port


def summarize(times: list[float]) -> dict:
    if not times:
        return {"n": 0}
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "over_1s": sum(1 for t in ordered if t >= 1.0),
    }


def run_setup(
    setup: Setup,
    *,
    root: Path,
    var: Path,
    env: dict,
    workers: int,
    clients: int,
    seconds: float,
    export_path: str,
    queries: list[str],
    log,
) -> dict:
    """One configuration: start it, stream `clients` slow exports, probe for `seconds`, stop everything."""
    cache = var / "slowclients-cache"
    shutil.rmtree(cache, ignore_errors=True)
    upstream = free_port()
    server_env = {
        **env,
        "DJANGO_CACHE_URL": f"file://{cache}",
        "GUNICORN_BIND": f"127.0.0.1:{upstream}",
        "GUNICORN_WORKER_CLASS": setup.worker_class,
        "GUNICORN_THREADS": str(setup.threads),
        "WEB_CONCURRENCY": str(workers),
    }
    log(f"{setup.name}: {workers} workers on 127.0.0.1:{upstream}")
    with open(var / "slowclients-gunicorn.log", "a", encoding="utf-8") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "deploy/gunicorn.conf.py",
                "core.wsgi",
            ],
            cwd=root,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    proxy = None
    try:
        wait_for(upstream, "/healthz")
        port = upstream
        if setup.nginx:
            proxy, port = start_nginx(var, upstream)
            wait_for(port, "/healthz")
        alone = [probe(port, f"/articles/?q={urllib.parse.quote(q)}")[1] for q in queries[:3]]
        readers = [SlowReader(port, export_path) for _ in range(clients)]
        threads = [threading.Thread(target=r.run, daemon=True) for r in readers]
        for thread in threads:
            thread.start()
        # Probing starts once the readers are reading: each has its first bytes (or, where a
        # worker never came free, SETTLE_MAX passed), and a few seconds more, so that the
        # exports' own computation is over and what remains is their slow delivery.
        deadline = time.monotonic() + SETTLE_MAX
        while time.monotonic() < deadline and any(r.first_byte_s is None for r in readers):
            time.sleep(0.2)
        time.sleep(SETTLE_AFTER)
        health, search, failures = [], [], 0
        started = time.monotonic()
        n = 3
        while time.monotonic() - started < seconds:
            status, took = probe(port, "/healthz")
            health.append(took)
            failures += status != 200
            status, took = probe(port, f"/articles/?q={urllib.parse.quote(queries[n % len(queries)])}")
            search.append(took)
            failures += status != 200
            n += 1
        for reader in readers:
            reader.stop.set()
        for thread in threads:
            thread.join(timeout=35)
        streamed = [r.received for r in readers]
        return {
            "setup": setup.name,
            "workers": workers,
            "worker_class": setup.worker_class,
            "threads": setup.threads,
            "nginx": setup.nginx,
            "clients": clients,
            "healthz": summarize(health),
            "search": summarize(search),
            "search_alone_ms": round(statistics.median(alone) * 1000, 1),
            "failed_probes": failures,
            "readers_answered": sum(1 for r in readers if r.status.endswith("200 OK")),
            "reader_kb_median": round(statistics.median(streamed) / 1000, 1),
            "reader_first_byte_s_max": round(max((r.first_byte_s or seconds) for r in readers), 2),
        }
    finally:
        if proxy is not None:
            stop_group(proxy)
        stop_group(server)


def passed(result: dict) -> bool:
    """The issue's bar: /healthz and a search page answer in under a second, every time."""
    return (
        result["failed_probes"] == 0
        and result["healthz"].get("over_1s", 1) == 0
        and result["search"].get("over_1s", 1) == 0
    )


BEGIN, END = SLOW_CLIENTS_BEGIN, SLOW_CLIENTS_END  # make bench keeps this section (benchmarks/report.py)


def render(results: list[dict], facts: dict) -> str:
    rows = "\n".join(
        f"| {r['setup']} | {r['healthz']['median_ms']} / {r['healthz']['max_ms']} ms "
        f"| {r['search']['median_ms']} / {r['search']['max_ms']} ms (alone {r['search_alone_ms']} ms) "
        f"| {r['healthz']['over_1s'] + r['search']['over_1s']} of {r['healthz']['n'] + r['search']['n']} "
        f"| {r['failed_probes']} | {r['readers_answered']} of {r['clients']} | {r['reader_kb_median']} kB "
        f"| {'yes' if passed(r) else '**no**'} |"
        for r in results
    )
    return f"""{BEGIN}
## Slow clients (`make loadtest LOADTEST_ARGS=--slow-clients`)

{facts["clients"]} clients each download `{facts["export_path"]}` ({facts["export_kb"]:,} kB, every public
article of {facts["articles"]:,} generated ones, {facts["database"]}) at about 4 kB/s (a 4 kB receive
buffer, 1 kB read every 0.25 s); once they are reading (each has its first bytes, or 20 s have passed,
then 5 s more), one probe asks for `/healthz` and then a search page
(`/articles/?q=…`, a different word each time, so each is computed, not taken from the page cache),
one after the other, for {facts["seconds"]:.0f} s. gunicorn runs {facts["workers"]} workers (the
production default: cores + 1) with production settings; rate limits off for the scenario (they limit
each client, not the workers). Run on {facts["date"]}, {facts["machine"]}; everything on the loopback,
the clients and the probe sharing the cores with the server; load average (1 min) {facts["load"][0]}
before and {facts["load"][1]} after (above {facts["cores"]}, other work shared the CPU).

| {" | ".join(HEADER)} |
|{" --- |" * len(HEADER)}
{rows}

With sync workers each slow reader holds a worker for its whole download: {facts["clients"]} readers and
{facts["workers"]} workers leave none for anyone else. gthread workers give a reader one thread of eight;
nginx with buffering reads the export from gunicorn at once and feeds the reader itself, so the worker is
free after a second or two. Each worker builds at most `DJANGO_EXPORT_SLOTS` ({facts["slots"]}) exports at
once (`archive/exports/slots.py`): without it, eight exports written at full speed into nginx's buffers took
the CPU from the search pages. Without nginx a slow reader holds its slot for its whole download, and the
readers past the slots get a 503 after a wait («readers answered»); the pages stay quick either way.
Production runs all three (`deploy/gunicorn.conf.py`: gthread, 8 threads; `deploy/nginx.conf`:
`proxy_buffering on`; one export slot per worker).
{END}
"""


class Scenario:
    """The scenario as `manage.py loadtest --slow-clients` runs it: prepare, run each setup, write figures.

    `command` is the loadtest command: its steps (`step`, `run`), its production
    environment and its PostgreSQL preparation are shared with the load test.
    """

    def __init__(self, command, options: dict) -> None:
        self.command = command
        self.options = options

    def run(self) -> None:
        import datetime as dt
        import json
        import platform

        import dj_database_url
        from django.core.management.base import CommandError

        from benchmarks import corpus
        from benchmarks.management.commands import loadtest

        command, options = self.command, self.options
        url = options["slow_database_url"]
        entry = dj_database_url.parse(url)
        postgres = entry["ENGINE"] == "django.db.backends.postgresql"
        if postgres and loadtest.host_of(entry) not in {"127.0.0.1", "localhost", "::1", ""}:
            raise CommandError("The load test only runs against a database on this machine.")
        loadtest.VAR.mkdir(exist_ok=True)
        # The production default (cores + 1) unless --workers says otherwise.
        workers = options["workers"] if options["workers"] != 2 else (os.cpu_count() or 1) + 1
        env = {
            **command.production_env(url, workers),
            "DJANGO_RATE_LIMIT_SEARCHES": "0",  # the scenario measures workers, not the limits
            "DJANGO_RATE_LIMIT_EXPORTS": "0",
        }
        n, seed = options["slow_articles"], options["seed"]
        if postgres:
            command.prepare_database(entry, url, env, n, seed)
        else:
            self.prepare_sqlite(env, n, seed)
        command.step("collectstatic")
        command.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        words, _weights = corpus.vocabulary()
        queries = [w for w in words[150:2000] if len(w) > 2][:400]
        setups = [s for s in SETUPS if not s.nginx or shutil.which("nginx")]
        if len(setups) < len(SETUPS):
            command.step("nginx is not installed: the setups behind nginx are left out")
        export_path = "/articles/export.csv"
        results = []
        load_before = os.getloadavg()[0]
        for setup in setups:
            results.append(
                run_setup(
                    setup,
                    root=loadtest.ROOT,
                    var=loadtest.VAR,
                    env=env,
                    workers=workers,
                    clients=options["slow_readers"],
                    seconds=options["slow_seconds"],
                    export_path=export_path,
                    queries=queries,
                    log=command.step,
                )
            )
            command.stdout.write(json.dumps(results[-1], ensure_ascii=False))
        facts = {
            "clients": options["slow_readers"],
            "export_path": export_path,
            "export_kb": round(self.export_size(env, export_path) / 1000),
            "articles": n,
            "database": "PostgreSQL" if postgres else "SQLite",
            "seconds": options["slow_seconds"],
            "workers": workers,
            "date": dt.date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
            "load": (round(load_before, 1), round(os.getloadavg()[0], 1)),
            "cores": os.cpu_count(),
            "slots": env.get("DJANGO_EXPORT_SLOTS", "1"),
        }
        if not options["no_write"]:
            write_section(Path(options["output"]), render(results, facts), begin=BEGIN, end=END)
            command.stdout.write(command.style.SUCCESS(f"Written to {options['output']}"))
        if not all(passed(r) for r in results if r["worker_class"] == "gthread"):
            raise CommandError("With gthread workers a probe took 1 s or more, or failed: see the figures.")

    def prepare_sqlite(self, env: dict, n: int, seed: int) -> None:
        """The scenario's SQLite file, generated once and kept while the corpus matches."""
        import sqlite3

        from benchmarks.management.commands import loadtest

        path, command = loadtest.SLOW_SQLITE, self.command
        wanted = loadtest.corpus_key(n, seed)
        current = None
        if path.exists():
            with sqlite3.connect(path) as db:
                try:
                    row = db.execute(f"SELECT key FROM {loadtest.MARKER_TABLE}").fetchone()
                    current = row[0] if row else None
                except sqlite3.OperationalError:
                    current = None
        if current == wanted:
            command.step(f"{path.name}: corpus {wanted} already loaded; migrate")
            command.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        command.step(f"{path.name}: migrate, then {n:,} generated articles (seed {seed})")
        command.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        load = ["loadtest", "--load-corpus", "--articles", str(n), "--seed", str(seed)]
        command.run(
            [sys.executable, "manage.py", *load],
            {**env, "DJANGO_DEBUG": "1", "DJANGO_BENCHMARKS": "1"},  # the command is in the benchmarks app
        )

    def export_size(self, env: dict, path: str) -> int:
        """The bytes of the export the readers download, read at full speed from a server of its own."""
        from benchmarks.management.commands import loadtest

        port = free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", GUNICORN_CONF, "core.wsgi"],
            cwd=loadtest.ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "DJANGO_CACHE_URL": "locmem://"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(port, "/healthz")
            return loadtest.fetch(f"http://127.0.0.1:{port}{path}")[1]
        finally:
            stop_group(server)
