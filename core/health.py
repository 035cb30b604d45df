"""`/healthz`: can the archive answer, database included? For load balancers, systemd and monitoring."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.middleware.faults import drop_broken_connections


def database_status(alias: str) -> dict:
    started = time.perf_counter()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "unavailable", "error": type(exc.__cause__ or exc).__name__}
    return {
        "status": "ok",
        "vendor": connections[alias].vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every database reachable; 503 when one is not (each is named, no error text leaks)."""
    databases = {alias: database_status(alias) for alias in connections}
    healthy = all(db["status"] == "ok" for db in databases.values())
    if not healthy:
        drop_broken_connections()
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "version": settings.ARCHIVE_VERSION,
            "databases": databases,
        },
        status=200 if healthy else 503,
    )
