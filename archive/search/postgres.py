"""The PostgreSQL engine: a stored tsvector per searchable model, ranked by ts_rank_cd.

Migration 0003 adds a generated ``search_vector`` column (title key weight A,
body key weight B) with a GIN index. The vector is built by splitting the key
on spaces, not by a text search parser, so its lexemes are exactly the key's
tokens, as FTS5's are on SQLite: both engines see the same words. The model
does not declare the column (SQLite has none), so it is named here in SQL
that follows the table's alias.
"""

from __future__ import annotations

from django.db.models import BooleanField, FloatField, QuerySet

from archive.search.base import AliasedSQL, BaseSearchBackend, SearchIndex
from archive.search.query import And, Node, Not, Or, Phrase, Prefix, Term


def _lexeme(key: str) -> str:
    return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'"


def compile_tsquery(node: Node) -> str:
    """The tsquery text of a tree, to be cast with ``::tsquery`` (no parser, no config)."""
    if isinstance(node, Term):
        return _lexeme(node.key)
    if isinstance(node, Phrase | Prefix):
        lexemes = [_lexeme(k) for k in node.keys]
        if isinstance(node, Prefix):
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(compile_tsquery(c) for c in node.children) + ")"
    if isinstance(node, And):
        return "(" + " & ".join(compile_tsquery(c) for c in node.children) + ")"
    if isinstance(node, Not):
        return "!" + compile_tsquery(node.child)
    raise TypeError(f"cannot compile {node!r}")


def _weights(index: SearchIndex) -> str:
    # ts_rank_cd takes weights for D, C, B, A; the first key column is A.
    top = index.weights[0]
    by_letter = [w / top for w in index.weights[:4]]
    return "{" + ", ".join(repr(w) for w in ([0.0] * (4 - len(by_letter)) + by_letter[::-1])) + "}"


class SearchBackend(BaseSearchBackend):
    """tsvector/GIN + ts_rank_cd."""

    vendor = "postgresql"

    def match(
        self, queryset: QuerySet, positive: Node, negatives: tuple[Node, ...], index: SearchIndex
    ) -> QuerySet:
        queryset = queryset.all()  # a copy: get_initial_alias() may add the base table to its query
        tree = And((positive, *(Not(n) for n in negatives))) if negatives else positive
        tsquery = compile_tsquery(tree)
        base = {"t": queryset.query.get_initial_alias()}
        column = f"{{t}}.{index.vector_column}"
        matches = AliasedSQL(f"{column} @@ %s::tsquery", base, [tsquery], BooleanField())
        # Braces are doubled: the template is filled by str.format.
        weights = _weights(index).replace("{", "{{").replace("}", "}}")
        rank = AliasedSQL(
            f"ts_rank_cd('{weights}'::float4[], {column}, %s::tsquery)", base, [tsquery], FloatField()
        )
        return queryset.filter(matches).annotate(rank=rank)

    def exclude(self, queryset: QuerySet, negatives: tuple[Node, ...], index: SearchIndex) -> QuerySet:
        queryset = queryset.all()
        tsquery = compile_tsquery(negatives[0] if len(negatives) == 1 else Or(negatives))
        base = {"t": queryset.query.get_initial_alias()}
        excluded = AliasedSQL(
            f"NOT ({{t}}.{index.vector_column} @@ %s::tsquery)", base, [tsquery], BooleanField()
        )
        return queryset.filter(excluded)
