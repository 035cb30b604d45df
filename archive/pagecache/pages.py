"""The decorator that serves a public page (or a small CSV export) from the cache."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from archive.pagecache.keys import cache_key, held_position, remember

# Streamed exports up to this size are kept like pages; larger ones stream afresh.
STREAM_KEEP_BYTES = 1_000_000


def _cacheable_request(request: HttpRequest) -> bool:
    # An editor (any session) always sees the page computed for them.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cacheable_response(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.has_header("Vary")


def _kept_if_small(chunks: Iterable[bytes], key: str, content_type: str, extra: list) -> Iterator[bytes]:
    """Pass `chunks` on; once all are sent, keep them if they add up to at most STREAM_KEEP_BYTES."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= STREAM_KEEP_BYTES:
                kept.append(chunk)
            else:
                kept = None  # a large export is streamed afresh each time
        yield chunk
    if kept is not None:
        remember(key, (b"".join(kept), content_type, extra))


def cache_public_page(view: Callable) -> Callable:
    """Serve `view`'s page from the cache while the change log's position is unchanged."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        with held_position():
            return _cached(view, request, *args, **kwargs)

    return wrapped


def _cached(view: Callable, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    key = cache_key("page", request.get_full_path(), request.get_host())
    hit = cache.get(key)
    if hit is not None:
        content, content_type, extra = hit
        response = HttpResponse(content, content_type=content_type)
        for header, value in extra:
            response[header] = value
        return response
    response = view(request, *args, **kwargs)
    if _cacheable_response(response):
        extra = [(h, response[h]) for h in ("Content-Disposition",) if response.has_header(h)]
        if response.streaming:
            # A CSV export streams; it is kept, once sent in full, only if small.
            response.streaming_content = _kept_if_small(
                response.streaming_content, key, response["Content-Type"], extra
            )
        else:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            remember(key, (response.content, response["Content-Type"], extra))
    return response
