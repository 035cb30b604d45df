"""Facet labels for a list of articles: source, year, country, official, event kind.

The counts come from the search index with the page's own hits (one call:
archive/search/engine.py), so the counts and the results cannot disagree.
They arrive as ids and codes; this names the few values a page shows from
the names of every source, country and official at the log's position
(`menus.names_of`, built once per position).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from archive import text
from archive.menus import names_of
from archive.models import Country, EventKind, Official, Source
from archive.search.facetcounts import FACET_LIMIT

# Solar Hijri years the year facet shows; articles dated earlier fall in no year.
FIRST_YEAR = 1300

FACET_LABELS = {
    "source": "منبع",
    "year": "سال",
    "country": "کشور",
    "official": "مقام",
    "kind": "نوع رویداد",
}


def labelled(counts: dict[str, list[tuple[Any, int]]]) -> dict[str, list[dict[str, Any]]]:
    """Each facet's ``(value, count)`` pairs as ``{"value", "label", "count"}``, in the same order.

    Keys: ``source`` (published or cited), ``year`` (Solar Hijri year of
    publication, newest first, all years), ``country``, ``official`` (quoted,
    or taking part in a reported event), ``kind`` (event kind).
    """
    kinds = dict(EventKind.choices)
    return {
        "source": _named(counts.get("source", []), Source),
        "year": [
            {"value": y, "label": text.to_persian_digits(str(y)), "count": n}
            for y, n in counts.get("year", [])
            if y >= FIRST_YEAR
        ],
        "country": _named(counts.get("country", []), Country),
        "official": _named(counts.get("official", []), Official),
        "kind": [{"value": k, "label": kinds.get(k, k), "count": n} for k, n in counts.get("kind", [])],
    }


def _named(counts: Iterable[tuple[Any, int]], model: type) -> list[dict[str, Any]]:
    counts = list(counts)[:FACET_LIMIT]
    names = names_of(model)
    return [{"value": value, "label": names.get(value, str(value)), "count": n} for value, n in counts]
