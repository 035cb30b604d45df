"""Search: the parser, one engine per database, and snippets.

`search_articles`, `search_officials` and `search_statements` take a
queryset and the text a user typed and return that queryset narrowed to the
matches and annotated with ``rank`` (higher is better). The engine is picked
from the queryset's database, as wagtail's database search backend does:
FTS5 on SQLite, tsvector/GIN on PostgreSQL; views never know which ran.
"""

from __future__ import annotations

from functools import cache

from django.db import connections
from django.db.models import QuerySet

from archive import text
from archive.search.base import ARTICLES, OFFICIALS, STATEMENTS, BaseSearchBackend
from archive.search.highlight import snippet
from archive.search.query import parse

__all__ = ["get_backend", "search_articles", "search_officials", "search_statements", "snippet"]

# What news text wraps around a name and a name record does not carry
# («ژنرال شویگو», «آقای ظریف»): dropped from a search of officials when
# other words remain, so they neither need to be an alias nor block a match.
NAME_TITLES = (
    "آقای",
    "خانم",
    "دکتر",
    "مهندس",
    "ژنرال",
    "سرلشکر",
    "سرتیپ",
    "سرهنگ",
    "سردار",
    "سپهبد",
    "ارتشبد",
    "امیر",
    "دریادار",
    "دریابان",
    "سرلشکر پاسدار",
    "سرتیپ پاسدار",
    "پاسدار",
    "حجت الاسلام",
    "ایت الله",
    "general",
    "gen",
    "mr",
    "dr",
)


@cache
def _title_keys() -> frozenset[str]:
    return frozenset(token for title in NAME_TITLES for token in text.search_key(title).split())


@cache
def _backend(vendor: str) -> BaseSearchBackend:
    if vendor == "sqlite":
        from archive.search.sqlite import SearchBackend
    elif vendor == "postgresql":
        from archive.search.postgres import SearchBackend
    else:
        raise NotImplementedError(f"No search engine for the {vendor!r} database.")
    return SearchBackend()


def get_backend(queryset: QuerySet) -> BaseSearchBackend:
    """The engine for the database `queryset` will run on."""
    return _backend(connections[queryset.db].vendor)


def search_articles(queryset: QuerySet, query: str) -> QuerySet:
    """Articles of `queryset` matching `query` (title or body), annotated with ``rank``."""
    return get_backend(queryset).search(queryset, parse(query), ARTICLES)


def search_statements(queryset: QuerySet, query: str) -> QuerySet:
    """Statements of `queryset` whose text matches `query`, annotated with ``rank``."""
    return get_backend(queryset).search(queryset, parse(query), STATEMENTS)


def search_officials(queryset: QuerySet, query: str) -> QuerySet:
    """Officials of `queryset` whose name or an alias matches `query`, annotated with ``rank``.

    Honorifics and ranks in the query («ژنرال», «سرلشکر», «آقای») are not
    required to match, unless the query has nothing else.
    """
    return get_backend(queryset).search(queryset, parse(query, optional_keys=_title_keys()), OFFICIALS)
