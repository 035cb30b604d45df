"""The SQLite engine: an FTS5 table per searchable model, ranked by bm25.

The FTS5 tables (migration 0003) index the key columns of their model as
external content, kept in step by triggers. A search joins its FTS5 table to
the queryset's base table (``INNER JOIN archive_article_fts ON rowid = id AND
… MATCH ?``), so SQLite runs the full-text lookup once, as the outer loop,
and ranks only the rows that match; the rank is bm25 with the title weighted
above the body, negated so that higher is better.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join

from archive.search.base import AliasedSQL, BaseSearchBackend, SearchIndex
from archive.search.query import And, Node, Not, Or, Phrase, Prefix, Term


def _string(keys: tuple[str, ...]) -> str:
    # Inside double quotes every FTS5 keyword and symbol is just text; the
    # tokenizer splits the string on spaces only, as the keys were split.
    return '"' + " ".join(keys).replace('"', '""') + '"'


def compile_match(node: Node) -> str:
    """The FTS5 query string of a tree (with Not only as a direct child of the top And)."""
    if isinstance(node, Term):
        return _string((node.key,))
    if isinstance(node, Phrase):
        return _string(node.keys)
    if isinstance(node, Prefix):
        return _string(node.keys) + "*"
    if isinstance(node, Or):
        return "(" + " OR ".join(compile_match(c) for c in node.children) + ")"
    if isinstance(node, And):
        positive = [compile_match(c) for c in node.children if not isinstance(c, Not)]
        negative = [compile_match(c.child) for c in node.children if isinstance(c, Not)]
        sql = positive[0] if len(positive) == 1 else "(" + " AND ".join(positive) + ")"
        if negative:
            sql = f"({sql} NOT ({' OR '.join(negative)}))"
        return sql
    raise TypeError(f"cannot compile {node!r}")


def with_negations(positive: Node, negatives: tuple[Node, ...]) -> str:
    """The FTS5 query string for "`positive` and none of `negatives`"."""
    return compile_match(And((positive, *(Not(n) for n in negatives))) if negatives else positive)


class _FtsRelation:
    """What Django's Join needs of a relation, for a join to an FTS5 table.

    The whole ON clause comes from `get_extra_restriction`, which Django
    calls with the aliases the tables have when the SQL is written.
    """

    def __init__(self, fts_column: str, pk_column: str, match: str) -> None:
        # Both names come quoted; the FTS5 table's hidden column bears its name.
        self.fts_column = fts_column
        self.pk_column = pk_column
        self.match = match

    def get_joining_fields(self) -> tuple:
        return ()

    def get_extra_restriction(self, alias: str, related_alias: str) -> AliasedSQL:
        # The unary + hides the rowid from FTS5's planner interface. Offered
        # "rowid = ?", SQLite may scan the model's table and probe the FTS5
        # table once per row (500 ms for a rare word at 20k articles); without
        # it, the MATCH is the outer loop and rows are fetched by primary key.
        return AliasedSQL(
            f"{{row}}.{self.pk_column} = +{{fts}}.rowid AND {{fts}}.{self.fts_column} MATCH %s",
            {"fts": alias, "row": related_alias},
            [self.match],
            BooleanField(),
        )

    def _identity(self) -> tuple:
        return (self.fts_column, self.pk_column, self.match)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FtsRelation) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())


class SearchBackend(BaseSearchBackend):
    """FTS5 + bm25."""

    vendor = "sqlite"

    def match(
        self, queryset: QuerySet, positive: Node, negatives: tuple[Node, ...], index: SearchIndex
    ) -> QuerySet:
        queryset = queryset.all()  # a copy: the join below changes its query in place
        query = queryset.query
        qn = connections[queryset.db].ops.quote_name
        fts_column = qn(index.fts_table)
        relation = _FtsRelation(
            fts_column, qn(queryset.model._meta.pk.column), with_negations(positive, negatives)
        )
        alias = query.join(Join(index.fts_table, query.get_initial_alias(), None, INNER, relation, False))
        weights = ", ".join(repr(float(w)) for w in index.weights)
        rank = AliasedSQL(f"-bm25({{fts}}.{fts_column}, {weights})", {"fts": alias}, [], FloatField())
        return queryset.annotate(rank=rank)

    def exclude(self, queryset: QuerySet, negatives: tuple[Node, ...], index: SearchIndex) -> QuerySet:
        match = compile_match(negatives[0] if len(negatives) == 1 else Or(negatives))
        table = connections[queryset.db].ops.quote_name(index.fts_table)
        excluded = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])
        return queryset.exclude(pk__in=excluded)
