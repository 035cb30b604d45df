"""The load test's figures and its section of docs/benchmarks.md (`manage.py loadtest`)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import LOADTEST_BEGIN as BEGIN
from benchmarks.report import LOADTEST_END as END


def percentile(sorted_values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of an ascending list."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def count_slow_queries(log_path: Path) -> int:
    count = 0
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if '"event": "slow_query"' in line:
            count += 1
    return count


def render(f: dict) -> str:
    goal_ok = f["errors"] == 0 and f["p99_ms"] <= 500 and f["requests_per_s"] >= 100
    cold = f["cold"]
    cold_ok = cold["p99_ms"] <= 500 and cold["requests_per_s"] >= 100
    alone = "\n".join(
        f"| {kind} | {a['n']} | {a['median_ms']} ms | {a['p95_ms']} ms | {a['median_kb']} kB |"
        for kind, a in f["alone"].items()
    )
    mix = ", ".join(f"{k} {v / sum(f['mix'].values()):.0%}" for k, v in f["mix"].items())
    return f"""{BEGIN}
## Load test (`make loadtest`)

gunicorn ({f["workers"]} workers, production settings: `DJANGO_DEBUG=0`, whitenoise, JSON logs, the
page cache in files shared by the workers) on 127.0.0.1 in front of PostgreSQL {f["postgresql"]}
holding {f["articles"]:,} generated articles (`benchmarks/corpus.py`), driven from the same machine
over the loopback. Mix of requests: {mix} ({cold["requests"]:,} distinct paths in
`var/loadtest-paths.txt`, built by `benchmarks/management/commands/loadtest.py`).
Run on {f["date"]}, {f["machine"]} — the load generator shares the two cores with the server.

Two phases, both measured:

1. **Cold**: every distinct path once, {cold["clients"]} clients at a time, on an empty page cache — each
   page is computed (search, rank, facets, rendering), as on an archive nobody has read since its last
   edit.
2. **Load**: wrk, {f["duration_s"]:.0f} s, {f["connections"]} connections, random paths from the same
   list — readers meeting pages already computed, as on a published archive between edits (any write to
   the archive empties the page cache at once: `archive/pagecache.py`).

| figure | cold pass | load (wrk) | goal |
| --- | --- | --- | --- |
| requests/s | {cold["requests_per_s"]:,} | {f["requests_per_s"]:,} | ≥ 100 |
| p50 | {cold["p50_ms"]} ms | {f["p50_ms"]} ms | |
| p95 | {cold["p95_ms"]} ms | {f["p95_ms"]} ms | |
| p99 | {cold["p99_ms"]} ms | {f["p99_ms"]} ms | ≤ 500 ms |
| max | | {f["max_ms"]} ms | |
| errors (connect/read/write/HTTP ≥ 400/timeout) | 0 | {f["errors"]} | 0 |
| requests | {cold["requests"]:,} | {f["requests"]:,} | |
| queries over 200 ms logged (both phases) | | {f["slow_queries_logged"]} | |

Goals under load {"met" if goal_ok else "NOT met"}; on the cold pass {"met" if cold_ok else "NOT met"}.
Each kind of request in the cold pass (computed, not cached):

| kind | requests | median | p95 | median size |
| --- | --- | --- | --- | --- |
{alone}
{END}
"""


def write_section(path: Path, section: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace a section of the file (between its markers), or append it; the rest is kept."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _old, tail = rest.split(end, 1)
        updated = head + section.rstrip("\n") + tail
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")
