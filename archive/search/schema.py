"""The Tantivy schema of each searchable kind: what a document holds.

Text fields hold the search keys the database already has (`archive.text`
made them): they are split on whitespace and nothing else, so Tantivy never
decides what matches. Beside each, its pairs field holds every two adjacent
tokens as one term (`pairs`): a phrase of two words is a term there, not a
walk through the positions of every document holding both words. Every
other field is something a list filters, sorts or facets on. Ids and codes
only: labels come from the database for the few values a page shows.

Each index also holds one meta document (``meta`` = 1) carrying the change-log
position the index has applied. It is replaced in the same commit as the
documents it describes, so documents and position are always consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import tantivy

# Bumped when a schema below changes: an index of another version is rebuilt.
SCHEMA_VERSION = 6  # 6: every key field has a pairs field (`pairs_of`)

ARTICLES = "articles"
STATEMENTS = "statements"
OFFICIALS = "officials"
KINDS = (ARTICLES, STATEMENTS, OFFICIALS)

# Title words weigh ten times body words, as they did with FTS5's bm25 weights.
TITLE_BOOST = 10.0

# Sort keys pack a time and a tie-break into one u64 fast field, so one
# top-k pass over a fast field gives an exact, stable order (Tantivy sorts by
# one field only). The time is in seconds since 1970, shifted so that dates
# from 1902 to 2106 fit in 32 bits; a missing date is 0, the oldest of all.
_EPOCH_SHIFT = 2**31
_LOW32 = 2**32 - 1


@dataclass(frozen=True)
class KindSchema:
    """One kind's schema and the names of its key text fields, with their boosts."""

    kind: str
    schema: tantivy.Schema
    text_fields: tuple[tuple[str, float], ...]


def time_bits(instant: dt.datetime | None) -> int:
    """32 bits that order instants (to the second); 0 for none."""
    if instant is None:
        return 0
    return min(max(int(instant.timestamp()) + _EPOCH_SHIFT, 1), _LOW32)


def article_chrono(published: dt.datetime | None, article_id: int) -> int:
    """The articles' sort key: publication time, then id (both descending for "newest")."""
    return (time_bits(published) << 32) | (article_id & _LOW32)


def statement_chrono(published: dt.datetime | None, start: int) -> int:
    """The statements' sort key, descending: newest article first, then in reading order."""
    return (time_bits(published) << 32) | (_LOW32 - min(start, _LOW32))


def _common(builder: tantivy.SchemaBuilder) -> None:
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_unsigned_field("meta", indexed=True, stored=True)
    builder.add_unsigned_field("position", stored=True)
    builder.add_unsigned_field("schema_version", stored=True)


# Joins two adjacent key tokens into one term of a pairs field; no key token
# holds it (archive.text: a token is letters, digits and ZWNJ).
PAIR = "_"


def pairs_of(name: str) -> str:
    """The pairs field beside the key field `name`."""
    return f"{name}_pairs"


def pair(first: str, second: str) -> str:
    """The term of the pairs field for `first` followed by `second`."""
    return f"{first}{PAIR}{second}"


def pairs(key: str) -> str:
    """A key's every two adjacent tokens, as the text of its pairs field.

    Adjacent as a phrase query reads them: a pair of this field is there
    exactly when the two tokens stand side by side in the key field, in that
    order (the separator of an official's names, «|», is a token: no pair
    runs from one name into the next).
    """
    # PAIR.join over pairwise: C-level loops, no Python frame per pair (a
    # generator of f-strings cost a third more over the bench's bodies).
    return " ".join(map(PAIR.join, pairwise(key.split())))


def _keys(builder: tantivy.SchemaBuilder, *names: str) -> None:
    for name in names:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
        # Frequencies for BM25, no positions: a pair is matched whole.
        builder.add_text_field(pairs_of(name), tokenizer_name="whitespace", index_option="freq")


def country_number(code: str) -> int:
    """A country code as the number the index stores: a terms facet over numbers
    is several times faster than over strings (15 ms → 2 ms for 90,000 matches)."""
    return int.from_bytes(code.encode("ascii"), "big")


def country_code(number: int) -> str:
    """The code `country_number` made `number` from."""
    return int(number).to_bytes(8, "big").lstrip(b"\0").decode("ascii")


FIRST_COPY, LATER_COPY = 0, 1


def _codes(builder: tantivy.SchemaBuilder, *names: str) -> None:
    # Event kinds: whole values, fast for the terms facet.
    for name in names:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")


def _ids(builder: tantivy.SchemaBuilder, *names: str) -> None:
    for name in names:
        builder.add_unsigned_field(name, indexed=True, fast=True)


def _popular(builder: tantivy.SchemaBuilder, name: str) -> None:
    # The values of public records only, indexed and nothing else: the filter
    # menus rank sources and officials by a term's document frequency, which
    # the term dictionary holds, instead of counting over every document.
    builder.add_unsigned_field(name, indexed=True)


def _articles() -> KindSchema:
    b = tantivy.SchemaBuilder()
    _common(b)
    _keys(b, "title", "body")
    b.add_boolean_field("public", indexed=True, fast=True)
    b.add_date_field("published", indexed=True, fast=True)
    b.add_unsigned_field("chrono", fast=True)
    # sources: the publishing source and every cited one (the source filter and facet);
    # officials: quoted in a statement or taking part in a reported event;
    # year and month: Solar Hijri, in Tehran (month as yyyymm: 139906), for the year facet and the chart.
    _ids(b, "year", "month", "sources", "officials", "events", "story", "countries")
    # copy: in a story, FIRST_COPY for its lowest id, LATER_COPY for the others; none
    # outside a story. `collapse=story` keeps a story's first copy by this term.
    b.add_unsigned_field("copy", indexed=True)
    _codes(b, "kinds")
    _popular(b, "public_sources")
    return KindSchema(ARTICLES, b.build(), (("title", TITLE_BOOST), ("body", 1.0)))


def _statements() -> KindSchema:
    b = tantivy.SchemaBuilder()
    _common(b)
    _keys(b, "text")
    b.add_boolean_field("public", indexed=True, fast=True)
    b.add_date_field("published", indexed=True, fast=True)
    b.add_unsigned_field("chrono", fast=True)
    _ids(b, "official", "source", "event", "article", "country")
    _codes(b, "kind")
    _popular(b, "public_official")
    return KindSchema(STATEMENTS, b.build(), (("text", 1.0),))


def _officials() -> KindSchema:
    b = tantivy.SchemaBuilder()
    _common(b)
    _keys(b, "names")
    _ids(b, "country")
    # The list's order without a query is by name; a raw fast text field sorts by its bytes.
    b.add_text_field("name", tokenizer_name="raw", fast=True, index_option="basic")
    return KindSchema(OFFICIALS, b.build(), (("names", 1.0),))


@cache
def schema_of(kind: str) -> KindSchema:
    """The schema of `kind` (one of KINDS)."""
    return {ARTICLES: _articles, STATEMENTS: _statements, OFFICIALS: _officials}[kind]()
