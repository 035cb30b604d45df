"""A real server for the bench: gunicorn with one worker on the bench's database, sampled from outside.

The CSV figures and a worker's private memory are a server process's, not
the bench's (which holds the corpus generator, the floor index and the
test client): `serve()` starts gunicorn with the production settings
(`DJANGO_DEBUG=0`, whitenoise, a page cache in the worker's own memory) on
127.0.0.1, and `RssSampler` reads the worker's `RssAnon` from /proc every
50 ms while a request streams. Every server is stopped when its block ends.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from benchmarks.importing import _child_pids, _private_mb

ROOT = Path(settings.BASE_DIR)
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
# The production settings redirect plain HTTP; the reverse proxy says it was HTTPS.
HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Server:
    base: str
    master: int
    worker: int

    def private_mb(self) -> float:
        """The worker's RssAnon now, in MB."""
        return _private_mb(self.worker)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 600) -> tuple[int, int, float]:
    """(status, bytes, milliseconds) of a GET read to its end; status 0 when nothing answered."""
    request = urllib.request.Request(url, headers=HEADERS)
    began = time.perf_counter()
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            while chunk := response.read(1 << 16):
                size += len(chunk)
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, size, (time.perf_counter() - began) * 1000


def server_env(database_url: str, index_dir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_BENCHMARKS": "0",  # the product alone
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        # The worker's own page cache, empty at start: each distinct query is computed.
        "DJANGO_CACHE_URL": "locmem://bench",
        # One client measuring, not a crowd: the per-client budgets would answer 429s.
        "DJANGO_RATE_LIMIT_SEARCHES": "0",
        "DJANGO_RATE_LIMIT_EXPORTS": "0",
        "SEARCH_INDEX_DIR": str(index_dir),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_TIMEOUT": "600",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def serve(database_url: str, index_dir: Path, log_path: Path) -> Iterator[Server]:
    """gunicorn, one worker, on `database_url` and `index_dir`, for the block; stopped after it."""
    port = free_port()
    env = server_env(database_url, index_dir, port)
    # DEBUG off serves the hashed copies collectstatic writes (var/staticfiles).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    with open(log_path, "w", encoding="utf-8") as log:
        master = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", str(GUNICORN_CONF), "core.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, master, log_path)
            workers = _child_pids(master.pid)
            if not workers:
                raise RuntimeError(f"gunicorn started no worker; see {log_path}")
            yield Server(base, master.pid, workers[0])
        finally:
            stop(master)


def _wait_healthy(base: str, master: subprocess.Popen, log_path: Path, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if master.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start; see {log_path}")
        if get(base + "/healthz", timeout=5)[0] == 200:
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds} s; see {log_path}")


def stop(master: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (its own process group: started with start_new_session)."""
    if master.poll() is not None:
        return
    os.killpg(master.pid, signal.SIGTERM)
    try:
        master.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(master.pid, signal.SIGKILL)
        master.wait(timeout=10)


class RssSampler:
    """The peak RssAnon of a process while the block runs, sampled every 50 ms from this process."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.peak = 0.0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _private_mb(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self.peak = _private_mb(self.pid)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _private_mb(self.pid))


@dataclass
class CsvFigure:
    """One export streamed through the server (the CSV, or the JSONL of `measure_jsonl`)."""

    label: str
    query_string: str
    rows: int
    seconds: float
    megabytes: float
    peak_mb: float  # the worker's peak RssAnon while streaming
    before_mb: float  # the worker's RssAnon just before

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def measure_csv(server: Server, label: str, query_string: str, rows: int) -> CsvFigure:
    """Stream `/articles/export.csv?…` to the end through the server, sampling the worker's memory."""
    return _measure_export(server, "/articles/export.csv", label, query_string, rows)


def measure_jsonl(server: Server, label: str, query_string: str, rows: int) -> CsvFigure:
    """Stream the full text, `/articles/export.jsonl?…`, to the end as `measure_csv` streams the CSV."""
    return _measure_export(server, "/articles/export.jsonl", label, query_string, rows)


def _measure_export(server: Server, path: str, label: str, query_string: str, rows: int) -> CsvFigure:
    url = f"{server.base}{path}?{query_string}"
    before = server.private_mb()
    with RssSampler(server.worker) as sampler:
        status, size, ms = get(url)
    if status != 200:
        raise RuntimeError(f"{url}: HTTP {status}")
    return CsvFigure(label, query_string, rows, ms / 1000, size / 1e6, sampler.peak, before)
