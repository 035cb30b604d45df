"""The import section of `manage.py bench`: generated files through import_paths(), timed in fresh processes.

Each run is a child process (`manage.py bench --import-child …`), so its
peak private memory is its own and no cache warmed by an
earlier run flatters a later one. Every run starts from the same database:
before a run the highest id of every table of the archive app is noted, and
after it every row above is deleted (one transaction; the foreign keys are
deferred), so the three runs of a format import the same articles into the
same corpus. The files are written once per format and read by every run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from benchmarks import corpus

FORMATS = ("jsonl", "txt")


def write_corpus(n_articles: int, fmt: str, folder: Path, seed: int = 1, start: int = 0) -> list[Path]:
    """Generated articles `start`… as one `.jsonl` file or as one `.txt` file per article."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in corpus.articles(n_articles, seed, start):
                out.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
        return [path]
    if fmt == "txt":
        for item in corpus.articles(n_articles, seed, start):
            sub = folder / f"{item.index // 1000:04d}"
            sub.mkdir(exist_ok=True)
            # The .txt layout has no url or date fields: the opening and dateline supply them.
            (sub / f"{item.index}.txt").write_text(f"{item.title}\n\n{item.body}\n", encoding="utf-8")
        return [folder]
    raise ValueError(f"unknown format {fmt!r}: 'jsonl' or 'txt'")


@dataclass
class ImportRun:
    """One import in its own process."""

    articles: int
    seconds: float
    duplicates: int
    failures: int
    syndicated: int
    peak_rss_mb: float  # peak private resident memory (RssAnon) of the importing process
    worker_peak_rss_mb: float  # the same for the largest of its worker processes (0 without workers)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass
class ImportSeries:
    """The runs of one format on one database."""

    fmt: str
    articles: int
    runs: list[ImportRun] = field(default_factory=list)

    @property
    def median_rate(self) -> float:
        return statistics.median(r.rate for r in self.runs) if self.runs else float("nan")

    @property
    def peak_rss_mb(self) -> float:
        return max((r.peak_rss_mb for r in self.runs), default=float("nan"))


def _private_mb(pid: int | str = "self") -> float:
    """Resident anonymous memory (RssAnon) of a process, in MB; 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _child_pids(pid: int) -> list[int]:
    pids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                pids += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return pids


class PeakPrivateMemory:
    """The peak private resident memory of a running import and of its largest worker.

    Sampled every 50 ms by the bench, from outside: a sampling thread inside
    the import would make it a threaded process, where the import starts no
    worker processes. ru_maxrss would count the pages of the database file
    that SQLite maps into memory (`mmap_size`, 2 GB): the operating system's
    page cache, shared and dropped at will, whatever the import holds.
    RssAnon is what the process itself allocated.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.own = self.worker = 0.0

    def sample(self) -> None:
        self.own = max(self.own, _private_mb(self.pid))
        for child in _child_pids(self.pid):
            self.worker = max(self.worker, _private_mb(child))


def import_child(paths: list[str]) -> dict:
    """In the child process: import `paths` into the default database and return the figures."""
    from archive.ingest.routine import import_paths

    began = time.perf_counter()
    report = import_paths(paths)
    seconds = time.perf_counter() - began
    return {
        "articles": report.imported,
        "seconds": seconds,
        "duplicates": report.duplicates,
        "failures": len(report.failures),
        "syndicated": report.syndicated,
    }


def _tables() -> list[tuple[str, str]]:
    """(table, integer primary key column) of every table of the archive app, through tables included."""
    found = []
    for model in apps.get_app_config("archive").get_models(include_auto_created=True):
        if model._meta.managed and isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            found.append((model._meta.db_table, model._meta.pk.column))
    return found


def high_marks() -> dict[tuple[str, str], int]:
    """The highest id of each table now (0 for an empty one)."""
    quote = connection.ops.quote_name
    marks = {}
    with connection.cursor() as cursor:
        for table, pk in _tables():
            cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")
            marks[(table, pk)] = cursor.fetchone()[0]
    return marks


def delete_above(marks: dict[tuple[str, str], int]) -> int:
    """Delete every row added since `marks` (high_marks()); returns the rows deleted."""
    quote = connection.ops.quote_name
    deleted, touched = 0, []
    with transaction.atomic(), connection.cursor() as cursor:
        for (table, pk), mark in marks.items():
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(pk)} > %s", [mark])
            if cursor.rowcount:
                deleted += cursor.rowcount
                touched.append(table)
    if connection.vendor == "postgresql" and touched:
        # Dead rows and the search index's pending entries would make each run pay for the last.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(quote(t) for t in touched)}")
    return deleted


def _run_child(url: str, paths: list[Path], log) -> ImportRun:
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "bench",
        "--import-child",
        json.dumps({"url": url, "paths": [str(p) for p in paths]}),
    ]
    child = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DJANGO_BENCHMARKS": "1"},  # `bench` is a command of the benchmarks app
    )
    memory = PeakPrivateMemory(child.pid)
    while True:
        memory.sample()
        try:
            stdout, stderr = child.communicate(timeout=0.05)
            break
        except subprocess.TimeoutExpired:
            continue
    if child.returncode:
        raise RuntimeError(f"import run failed ({child.returncode}):\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    run = ImportRun(**figures, peak_rss_mb=memory.own, worker_peak_rss_mb=memory.worker)
    log(
        f"  {run.articles:,} articles in {run.seconds:.1f} s: {run.rate:.0f}/s, "
        f"peak private memory {run.peak_rss_mb:.0f} MB (largest worker {run.worker_peak_rss_mb:.0f} MB)"
    )
    return run


def measure_series(url: str, n: int, fmt: str, runs: int, seed: int, start: int, log) -> ImportSeries:
    """`runs` imports of the same `n` generated articles (`start`…) as `fmt`, each undone after it."""
    series = ImportSeries(fmt, n)
    with tempfile.TemporaryDirectory(prefix=f"bench-import-{fmt}-") as tmp:
        began = time.perf_counter()
        paths = write_corpus(n, fmt, Path(tmp), seed, start)
        log(f"{connection.vendor}: {n:,} articles written as {fmt} in {time.perf_counter() - began:.0f} s")
        for number in range(runs):
            marks = high_marks()
            connection.close()  # the child is the only client while it runs
            try:
                series.runs.append(_run_child(url, paths, log))
            finally:
                began = time.perf_counter()
                deleted = delete_above(marks)
                log(f"  run {number + 1}: {deleted:,} rows undone in {time.perf_counter() - began:.0f} s")
    return series
