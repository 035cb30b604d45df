"""The position of a list's next page, as an opaque cursor a client hands back.

A cursor is signed (django.core.signing: HMAC under SECRET_KEY) with a salt
naming the list and a digest of its query, so a client can keep one but not
forge one, nor reuse one for another query: anything else is `InvalidCursor`,
a Persian 400, never a 500.

Two kinds of position, chosen by the list's order (archive/api/sources.py):
- a keyset, the sort key of the previous page's last record, for the orders
  that have one (newest and oldest: the index's chrono key and id, an event's
  start and id). The next page is what comes after that key, so records added
  meanwhile neither repeat nor push rows out, and a deep page costs what the
  first does: no OFFSET.
- an offset into the index's order, for relevance and officials by name.
  A relevance order has no key a query can resume after (the index cannot
  filter on a score, and a new article changes every score anyway). The cost
  is bounded by the match count: one top-k pass over the matches, as the
  page's own `?page=N` (a page at 900,000 of 1,000,000 matches: ~0.1 s).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from rest_framework.exceptions import ValidationError

from archive.search.engine import MAX_OFFSET

# A cursor we make is under 100 characters; anything much longer is not one of ours.
MAX_CURSOR_LENGTH = 400
INVALID = (
    "نشانگر صفحه (cursor) نامعتبر است یا از جست‌وجوی دیگری است؛ "
    "پیوند next پاسخ پیشین را همان‌گونه که هست به کار ببرید."
)


class InvalidCursor(ValidationError):
    def __init__(self) -> None:
        super().__init__({"cursor": [INVALID]})


@dataclass(frozen=True)
class Position:
    """Where a page starts: after the record with sort key `after`, else at `offset`."""

    offset: int = 0
    after: tuple | None = None


START = Position()


def scope(list_name: str, params: Iterable[tuple[str, list[str]]]) -> str:
    """The salt of a list's cursors: its name and a digest of the query parameters that choose its records."""
    digest = hashlib.sha256(repr(sorted(params)).encode()).hexdigest()[:24]
    return f"archive.api.cursor:{list_name}:{digest}"


def encode(salt: str, position: Position) -> str:
    after = list(position.after) if position.after is not None else None
    return signing.dumps([position.offset, after], salt=salt, compress=True)


def decode(salt: str, token: str) -> Position:
    """The position `token` holds; InvalidCursor for anything we did not sign for this query."""
    if len(token) > MAX_CURSOR_LENGTH:
        raise InvalidCursor()
    try:
        offset, after = signing.loads(token, salt=salt)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidCursor() from None
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise InvalidCursor()
    if after is not None and not (
        isinstance(after, list) and len(after) == 2 and all(isinstance(v, (int, str)) for v in after)
    ):
        raise InvalidCursor()
    return Position(offset, tuple(after) if after is not None else None)
