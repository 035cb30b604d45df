"""Slow queries logged: `QueryLoggingMiddleware` times every query a request makes.

A streamed CSV is timed too, while it streams; queries over `SLOW_QUERY_MS`
are logged as structured records with their SQL and the request's path.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

slow_query_log = logging.getLogger("archive.slow_query")


class QueryTimer:
    """An execute wrapper (Django's "database instrumentation") logging queries slower than the threshold."""

    def __init__(self, request: HttpRequest, threshold_ms: float) -> None:
        self.request = request
        self.threshold_ms = threshold_ms

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            if elapsed_ms >= self.threshold_ms:
                slow_query_log.warning(
                    "slow query: %.0f ms",
                    elapsed_ms,
                    extra={
                        "event": "slow_query",
                        "duration_ms": round(elapsed_ms, 1),
                        "threshold_ms": self.threshold_ms,
                        "database": context["connection"].alias,
                        "sql": sql[:2000],
                        "many": many,
                        "method": self.request.method,
                        "path": self.request.path,
                    },
                )


class QueryLoggingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @contextmanager
    def timing(self, timer: QueryTimer) -> Iterator[None]:
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(timer))
            yield

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = QueryTimer(request, float(settings.SLOW_QUERY_MS))
        with self.timing(timer):
            response = self.get_response(request)
        if response.streaming and not getattr(response, "file_to_stream", None):
            # A CSV export runs its queries while it streams, after this method returned.
            response.streaming_content = self.timed_stream(response.streaming_content, timer)
        return response

    def timed_stream(self, content, timer: QueryTimer) -> Iterator[bytes]:
        with self.timing(timer):
            yield from content
