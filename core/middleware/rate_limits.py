"""Rate limits per client for the requests that cost the most: searches and exports.

A search ranks thousands of articles and an export streams every matching
row; a handful of clients asking for them in a loop could keep every worker
busy. Each client (its address, as `client_address.client_ip` sees it; an
IPv6 client by its /64, which one host holds whole) has a budget of
searches and one of exports per window, counted in the shared cache so that
every worker and every host behind one Redis counts together. Past the
budget: a Persian 429 page with `Retry-After`. Staff are not limited.

A fixed window counter (one cache entry per client and window): simple, the
cache expires it, and the cost of a burst at a window's edge is at most
twice the budget. The file cache counts without a lock, so a few requests
may slip through between workers; Redis counts exactly.
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.pagecache import is_editor
from core.middleware.client_address import client_ip

_EXPORT_PATH = re.compile(r"/export\.(?:csv|manifest\.json|jsonl|jsonl\.manifest\.json)$")


def budget_of(request: HttpRequest) -> str | None:
    """Which budget a request spends: "export", "search" (a list with a query), or None."""
    if _EXPORT_PATH.search(request.path):
        return "export"
    if request.path.startswith("/admin/"):
        return None  # the admin is for staff, who are not limited; its own search is cheap
    if request.path.startswith("/api/"):
        return None  # the API has its own limits, which a token lifts (archive/api/throttles.py)
    if request.GET.get("q", "").strip():
        return "search"
    return None


def client_key(request: HttpRequest) -> str:
    """The client a budget belongs to: its address, an IPv6 one by its /64."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def spend(budget: str, client: str, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one request of `client` against `budget`; seconds to wait when over `limit`, else None."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    key = f"ratelimit:{budget}:{client}:{start}"
    cache = caches[settings.RATE_LIMIT_CACHE]
    if cache.add(key, 1, window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired (or culled) between add and incr
            cache.set(key, 1, window + 1)
            count = 1
    if count <= limit:
        return None
    return max(1, math.ceil(start + window - now))


def too_many_requests(request: HttpRequest, budget: str, retry_after: int) -> HttpResponse:
    """The Persian 429 page, with `Retry-After`; it touches no database."""
    response = render(
        request,
        "429.html",
        {"rate_limited": True, "budget": budget, "retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Searches and exports beyond a client's budget get a 429 (settings: RATE_LIMITS, RATE_LIMIT_WINDOW).

    Goes after AuthenticationMiddleware, so that staff can be told apart (lazily).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        budget = budget_of(request)
        limit = settings.RATE_LIMITS.get(budget, 0) if budget else 0
        if limit > 0 and not is_editor(request):
            wait = spend(budget, client_key(request), limit, settings.RATE_LIMIT_WINDOW)
            if wait is not None:
                return too_many_requests(request, budget, wait)
        return self.get_response(request)
