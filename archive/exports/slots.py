"""A bound on how many exports one worker process builds at once.

An export is CPU work for as long as it is written: every matching row read,
formatted and encoded. Eight at once on a small machine (nginx reading each
as fast as the archive writes it) left a search page waiting 1.7 s for the
CPU. Each process builds at most `EXPORT_SLOTS` at a time; an export that
finds none free within `EXPORT_SLOT_WAIT_SECONDS` gets a Persian 503 page
with `Retry-After` instead of a thread held in a queue. Behind nginx (which
buffers) a slot is held for the second or two an export takes to write; a
reader that gets past nginx on a slow line holds it for its whole download,
one more reason for the buffering of docs/deploy.md.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_slots: threading.BoundedSemaphore | None = None
_slots_size = 0
_slots_lock = threading.Lock()

BUSY = "آرشیو اکنون خروجی‌های دیگری را می‌سازد و این یکی باید کمی صبر کند."


def slots() -> threading.BoundedSemaphore:
    """This process's slots (made on first use, and again if the setting changed, as in tests)."""
    global _slots, _slots_size
    with _slots_lock:
        if _slots is None or _slots_size != settings.EXPORT_SLOTS:
            _slots, _slots_size = threading.BoundedSemaphore(settings.EXPORT_SLOTS), settings.EXPORT_SLOTS
        return _slots


def busy_response(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "503.html", {"reason": BUSY, "reason_code": "exports_busy", "in_admin": False}, status=503
    )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def export_slot(view: Callable) -> Callable:
    """Run `view` (an export) in one of this process's slots, held until its response is closed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.EXPORT_SLOTS <= 0:
            return view(request, *args, **kwargs)
        semaphore = slots()
        if not semaphore.acquire(timeout=settings.EXPORT_SLOT_WAIT_SECONDS):
            return busy_response(request)
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                semaphore.release()

        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            release()
            raise
        if response.streaming:
            # Written while it streams: the server closes the response once sent (or the
            # reader gone), and the slot comes free then; should a response be dropped
            # unclosed, its collection frees the slot.
            response._resource_closers.append(release)
            weakref.finalize(response, release)
        else:
            release()
        return response

    return wrapped
