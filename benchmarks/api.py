"""The JSON API's article list as a script meets it: each cold query once on empty caches, then warm.

The same query set as the cold search pass (benchmarks/queries.py), asked of
`/api/v1/articles/` with the same query strings: each query after every
configured cache was emptied and the search code's per-query memos cleared
(`cold.empty_caches`), then `warm_repeat` times from the page cache. As in
`cold.measure_cold`, a cold answer must have filed itself in the cache and
a warm one must have filed nothing. The API's throttles are off for the run:
they would refuse a bench's burst, and their counters are cache writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.test import Client, override_settings

from benchmarks import cold, measure
from benchmarks.queries import Query

API_LIST = "/api/v1/articles/"


@dataclass
class ApiFigures:
    """Milliseconds of the API list per request, cold and warm, and what was checked."""

    cold: measure.Timing = field(default_factory=measure.Timing)
    warm: measure.Timing = field(default_factory=measure.Timing)
    statuses: list[int] = field(default_factory=list)
    computed: bool = True  # every cold answer was computed (filed itself), not served
    served: bool = True  # every warm answer came from the cache

    @property
    def cold_p50(self) -> float:
        return self.cold.median

    @property
    def cold_p95(self) -> float:
        return self.cold.p95

    @property
    def warm_p50(self) -> float:
        return self.warm.median if self.warm.samples else math.nan

    @property
    def warm_p95(self) -> float:
        return self.warm.p95


def api_url(query: Query, page_size: int = 20) -> str:
    """The API list URL of a cold query: its query string, one page of `page_size`."""
    return f"{API_LIST}?{query.query_string}&page_size={page_size}"


def _get(client: Client, url: str) -> tuple[int, float, int]:
    with cold.counting_sets() as filed, measure.stopwatch() as elapsed:
        response = client.get(url)
    return response.status_code, elapsed[0], filed[0]


def measure_api(
    client: Client, queries: list[Query], warm_repeat: int = 3, page_size: int = 20
) -> ApiFigures:
    """Each query's first API page cold, then `warm_repeat` times warm; see the module docstring."""
    figures = ApiFigures()
    with override_settings(API_THROTTLE_RATES={"anon": "0", "token": "0"}):
        for query in queries:
            url = api_url(query, page_size)
            cold.empty_caches()
            status, ms, filed = _get(client, url)
            figures.statuses.append(status)
            figures.cold.samples.append(ms)
            figures.computed = figures.computed and filed > 0
            for _ in range(warm_repeat):
                _status, ms, filed = _get(client, url)
                figures.warm.samples.append(ms)
                figures.served = figures.served and filed == 0
    return figures
