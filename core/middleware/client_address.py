"""The client's address, as the admin's lockout (django-axes) should see it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the admin's lockout (django-axes).

    Behind the reverse proxy of docs/deploy.md every request comes from
    127.0.0.1; the proxy passes the real address in X-Real-IP, which is
    trusted only when DJANGO_BEHIND_PROXY is on (a client could set it otherwise).
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")
