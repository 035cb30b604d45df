"""A parsed query (`archive.search.query`) as a Django `Q` over one search-key column.

For the short lists the index does not hold (events: thousands, filtered in
the database), so that they read the same syntax as every search box: words,
phrases, OR, exclusions and prefixes. A key token matches where the column's
key contains it, as the events list always matched; the parser bounds the
number of words, so the number of clauses is bounded too.
"""

from __future__ import annotations

from django.db.models import Q

from archive.search.query import And, Node, Not, Or, Phrase, Prefix, Term, read, split_negations


def _q(node: Node, column: str) -> Q:
    if isinstance(node, Term):
        return Q(**{f"{column}__contains": node.key})
    if isinstance(node, Phrase | Prefix):
        return Q(**{f"{column}__contains": " ".join(node.keys)})
    if isinstance(node, Or):
        combined = Q()
        for child in node.children:
            combined |= _q(child, column)
        return combined
    if isinstance(node, And):
        combined = Q()
        for child in node.children:
            combined &= _q(child, column)
        return combined
    if isinstance(node, Not):
        return ~_q(node.child, column)
    raise TypeError(f"cannot compile {node!r}")


def key_predicate(query: str, column: str) -> tuple[Q | None, tuple[str, ...]]:
    """(the Q that `query` makes over `column`, the parser's notes); None: nothing searchable.

    Exclusions only keep every row but the excluded.
    """
    reading = read(query)
    positive, negatives = split_negations(reading.tree)
    if positive is None and not negatives:
        return None, reading.notes
    q = _q(positive, column) if positive is not None else Q()
    for node in negatives:
        q &= ~_q(node, column)
    return q, reading.notes
