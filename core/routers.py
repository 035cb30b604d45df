"""Read replicas for the public pages (`DATABASE_REPLICA_URLS`, docs/deploy.md).

Readers' requests read from a PostgreSQL hot standby; everything else reads
from the primary: the admin, any request that writes or carries a session
(an editor must see what they just saved), management commands and imports
(their duplicate checks must see the last commit). The router only picks a
replica inside a request that `ReplicaReadsMiddleware` has marked as a
reader's, so the safe default everywhere else is the primary.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_readers_request: ContextVar[bool] = ContextVar("archive_readers_request", default=False)

REPLICA_PREFIX = "replica"


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def reads_from_replica() -> bool:
    """Whether this request's reads may go to a replica (which may lag the primary a little)."""
    return _readers_request.get() and bool(replicas())


class ReplicaRouter:
    """Reads of readers' requests go to a replica; all writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str:
        choices = replicas()
        if choices and _readers_request.get():
            return random.choice(choices)
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replicas hold the primary's data

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


def is_readers_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin/")
    )


class ReplicaReadsMiddleware:
    """Marks readers' requests, whose reads the router may send to a replica."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _readers_request.set(is_readers_request(request))
        try:
            return self.get_response(request)
        finally:
            _readers_request.reset(token)
