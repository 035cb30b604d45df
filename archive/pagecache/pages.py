"""The decorator that serves a public page (or a small CSV export) from the cache.

A page is keyed by the parameters it reads, not by its URL: `?_=1`, `?_=2`…
or the same parameters in another order are one page, so junk in the query
string can neither skip the cache nor fill it. The view itself is given only
those parameters (in sorted order), so what it renders, links and manifests
included, is exactly what the key says.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict

from archive.pagecache.keys import cache_key, held_position, remember

# Streamed exports up to this size are kept like pages; larger ones stream afresh.
STREAM_KEEP_BYTES = 1_000_000

# A longer share URL is not redirected to (Django refuses past 16,384 characters, browsers
# shorten what they keep); the page is served from the parameters that are set instead.
MAX_REDIRECT_LENGTH = 8000

# What a page reads from its query string: parameter names, or a function of the view's
# keyword arguments that names them (one view serves the exports of every list).
Params = Collection[str] | Callable[..., Collection[str]]


def is_editor(request: HttpRequest) -> bool:
    """Whether the request is a logged-in staff user's: they get pages computed for them, and no rate limit.

    Only a request with a session cookie is looked at (reading the session is
    a query); an anonymous visitor's cookie, or a made-up one, is not an editor.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not is_editor(request)


def known_parameters(query: QueryDict, names: Collection[str]) -> QueryDict:
    """`query` with only the parameters in `names`, sorted by name (each keeps its values in order)."""
    kept = QueryDict(mutable=True)
    for name in sorted(set(names) & set(query)):
        kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def without_empty(query: QueryDict) -> QueryDict | None:
    """`query` without its empty values (``?q=x&date_from=`` → ``?q=x``), or None when it has none."""
    kept = QueryDict(mutable=True)
    dropped = False
    for name in query:
        values = [value for value in query.getlist(name) if value.strip()]
        dropped = dropped or len(values) < len(query.getlist(name))
        if values:
            kept.setlist(name, values)
    return kept if dropped else None


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


def cache_public_page(view: Callable | None = None, *, params: Params = (), shared: bool = False) -> Callable:
    """Serve `view`'s page from the cache while the change log's position is unchanged.

    `params` names the query parameters the page reads (by default none); the
    others are dropped before the view runs, for readers and editors alike.
    A `shared` page (a list a researcher passes on) redirects a query string
    with empty parameters, as a GET form sends them, to the one that keeps
    only those set: its address then says just what it shows.
    Used bare (``@cache_public_page``) or with them (``@cache_public_page(params=...)``).
    """
    if view is None:
        return lambda view: cache_public_page(view, params=params, shared=shared)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        names = params(**kwargs) if callable(params) else params
        request.GET = known_parameters(request.GET, names)
        if shared and request.method in ("GET", "HEAD") and (kept := without_empty(request.GET)) is not None:
            target = f"{request.path}?{kept.urlencode()}" if kept else request.path
            if len(target) <= MAX_REDIRECT_LENGTH:
                return HttpResponseRedirect(target)
            request.GET = kept  # too long an address to send back: the same page, served here
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        with held_position():
            return _cached(view, request, *args, **kwargs)

    return wrapped


def _cached(view: Callable, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    key = cache_key("page", request.path, request.GET.urlencode(), request.get_host())
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
