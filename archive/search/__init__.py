"""Search: the query parser, the Tantivy index behind one small interface, the change log, snippets.

`search_articles`, `search_statements` and `search_officials` take the text
a user typed and the list's filters and return `Hits` from the index: one
page of ids in order, the exact count, the facets and Persian notes (a query
that was cut). `article_ids`, `statement_ids` and `official_ids` give every
matching id in the same order, in batches, for an export. The database only
supplies the rows of a page (archive/views.py). Views never see Tantivy: an
OpenSearch module would implement the same calls (docs/search-beyond-one-host.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from archive import text
from archive.search.engine import (
    ArticleFilters,
    Hits,
    NotKeyed,
    OfficialFilters,
    StatementFilters,
    iter_ids,
    months,
    popularity,
    search,
)
from archive.search.highlight import snippet
from archive.search.ordering import NEWEST, OLDEST, RELEVANCE
from archive.search.schema import ARTICLES, OFFICIALS, STATEMENTS

__all__ = [
    "NEWEST",
    "OLDEST",
    "RELEVANCE",
    "ArticleFilters",
    "Hits",
    "NotKeyed",
    "OfficialFilters",
    "StatementFilters",
    "article_ids",
    "article_months",
    "official_ids",
    "official_popularity",
    "search_articles",
    "search_officials",
    "search_statements",
    "snippet",
    "source_popularity",
    "statement_ids",
]

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


def search_articles(query: str, filters: ArticleFilters | None = None, **kwargs: Any) -> Hits:
    """Articles matching `query` (title or body, the title weighted above) and `filters`.

    Keyword arguments: `sort` (RELEVANCE, NEWEST, OLDEST), `offset`, `limit`,
    `facets` (source, year, month, country, official, kind).
    """
    return search(ARTICLES, query, filters or ArticleFilters(), **kwargs)


def search_statements(query: str, filters: StatementFilters | None = None, **kwargs: Any) -> Hits:
    """Statements whose text matches `query`, within `filters`; newest article first without a query."""
    return search(STATEMENTS, query, filters or StatementFilters(), **kwargs)


def search_officials(query: str, filters: OfficialFilters | None = None, **kwargs: Any) -> Hits:
    """Officials whose name or an alias matches `query`; by name without a query.

    Honorifics and ranks in the query («ژنرال», «سرلشکر», «آقای») are not
    required to match, unless the query has nothing else.
    """
    return search(OFFICIALS, query, filters or OfficialFilters(), optional_keys=_title_keys(), **kwargs)


def article_ids(query: str, filters: ArticleFilters | None = None, **kwargs: Any) -> Iterator[list[int]]:
    """Every id `search_articles` would page through, in its order, in batches."""
    return iter_ids(ARTICLES, query, filters or ArticleFilters(), **kwargs)


def article_months(query: str, filters: ArticleFilters | None = None) -> dict[int, int]:
    """How many articles `search_articles` finds in each Solar Hijri month (yyyymm → count)."""
    return months(ARTICLES, query, filters or ArticleFilters())


def statement_ids(query: str, filters: StatementFilters | None = None, **kwargs: Any) -> Iterator[list[int]]:
    """Every id `search_statements` would page through, in its order, in batches."""
    return iter_ids(STATEMENTS, query, filters or StatementFilters(), **kwargs)


def official_ids(query: str, filters: OfficialFilters | None = None, **kwargs: Any) -> Iterator[list[int]]:
    """Every id `search_officials` would page through, in its order, in batches."""
    return iter_ids(OFFICIALS, query, filters or OfficialFilters(), optional_keys=_title_keys(), **kwargs)


def source_popularity(source_ids: Iterable[int]) -> dict[int, int]:
    """Public articles published by or citing each source: what the source menu ranks by."""
    return popularity(ARTICLES, "public_sources", source_ids)


def official_popularity(official_ids: Iterable[int]) -> dict[int, int]:
    """Statements of each official in public articles: what the official menu ranks by."""
    return popularity(STATEMENTS, "public_official", official_ids)
