"""`/healthz`: can the archive answer, database included? For load balancers, systemd and monitoring.

Anyone may ask whether the archive is up (200 or 503). The details (the
archive's version, each database's vendor and latency) help an attacker pick
an exploit and time a slow query, so they are only for a probe on this
machine or one that sends the token of `HEALTHZ_TOKEN` in `X-Healthz-Token`.
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.middleware.faults import drop_broken_connections

# A request nginx passed on carries these (docs/deploy.md): it came from outside, whatever REMOTE_ADDR says.
_PROXY_HEADERS = ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED")


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


def _from_loopback(request: HttpRequest) -> bool:
    if any(request.META.get(header) for header in _PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def may_see_details(request: HttpRequest) -> bool:
    """Whether the probe may see the version, the vendors and the latencies: loopback, or the token."""
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get("X-Healthz-Token", "")
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    return _from_loopback(request)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every database reachable; 503 when one is not. Details only for `may_see_details`."""
    databases = {alias: database_status(alias) for alias in connections}
    healthy = all(db["status"] == "ok" for db in databases.values())
    if not healthy:
        drop_broken_connections()
    body: dict = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        body |= {"version": settings.ARCHIVE_VERSION, "databases": databases}
    return JsonResponse(body, status=200 if healthy else 503)
