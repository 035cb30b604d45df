"""Requests per client and window: anonymous clients by address, token holders by token.

DRF's throttles, counting in the shared cache as the site's own rate limits
do (core/middleware/rate_limits.py), and telling a client apart the same way
(its address behind the proxy, an IPv6 client by its /64). Past the limit:
a 429 with `Retry-After` and DRF's Persian message. The rates are read from
settings at each request (`API_THROTTLE_RATES`), not frozen at import as
DRF's `DEFAULT_THROTTLE_RATES` are; "0" or empty is no limit.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.middleware.rate_limits import client_key


class _SettingsRateThrottle(SimpleRateThrottle):
    def __init__(self) -> None:  # SimpleRateThrottle reads its rate here: we read ours per request
        pass

    def allow_request(self, request, view) -> bool:
        rate = settings.API_THROTTLE_RATES.get(self.scope) or ""
        if rate.strip() in ("", "0") or self.get_cache_key(request, view) is None:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_key(request)


class AnonymousThrottle(_SettingsRateThrottle):
    """Clients without a token, by address (`DJANGO_API_RATE_ANON`)."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRateThrottle):
    """Clients sending an API token, by its user (`DJANGO_API_RATE_TOKEN`)."""

    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
