"""An editor's save reaches the search index before the response does.

The database triggers have logged the change by the time the view returns;
this applies the log when a request that may write (POST, PUT, PATCH,
DELETE) moved its position, so the list the editor goes back to shows the
change. It waits a little for a writer another process holds (an import
applying its batch), and if that is not enough the change stays in the log
for the next request: the save itself has succeeded either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from archive.search import changelog, follow

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Seconds an editor's request waits for a writer held by another process.
WRITER_WAIT = 2.0


class ApplyWritesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        before = changelog.position(using="default")
        response = self.get_response(request)
        if changelog.position(using="default") != before:
            try:
                follow.sync(wait=WRITER_WAIT)
            except Exception:
                # The save is committed; a failing index must not turn it into an error page.
                log.exception("search index: an editor's change could not be applied now")
        return response
