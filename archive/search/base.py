"""The interface between the site and a search engine, and what engines share.

An engine takes a queryset and a parsed query tree (`archive.search.query`)
and returns the same queryset narrowed to the matches and annotated with
``rank`` (a float, higher is better). It never loads ids into Python, so the
result still composes with filters, ordering, pagination, ``count()`` and
``values()``. A new engine (OpenSearch, say) is one more module with a
`SearchBackend` class; views and filters do not change.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, Field, FloatField, QuerySet, Value

from archive.search.query import Node, split_negations


@dataclass(frozen=True)
class SearchIndex:
    """One searchable table: where its index lives on each engine.

    `columns` are the key columns in the order the FTS5 table declares them;
    `weights` their relative weight in the rank (title above body).
    """

    fts_table: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]
    vector_column: str = "search_vector"


ARTICLES = SearchIndex("archive_article_fts", ("title_key", "body_key"), (10.0, 1.0))
STATEMENTS = SearchIndex("archive_statement_fts", ("text_key",), (1.0,))
OFFICIALS = SearchIndex("archive_official_fts", ("names_key",), (1.0,))


class AliasedSQL(Expression):
    """A snippet of SQL that names tables by their alias in the query.

    ``{name}`` placeholders in `template` are filled with the quoted alias
    that `aliases[name]` has when the SQL is compiled. Unlike RawSQL, the
    aliases follow the query when Django relabels it (a queryset used as a
    subquery becomes ``U0``, a second join of a table ``T3``), so search
    results stay usable inside ``__in`` filters, facets and exports.
    """

    def __init__(
        self, template: str, aliases: Mapping[str, str], params: Sequence[Any], output_field: Field
    ) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.aliases = dict(aliases)
        self.params = list(params)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.template!r}, {self.aliases!r})"

    def as_sql(self, compiler, connection) -> tuple[str, list[Any]]:
        quoted = {name: compiler.quote_name(alias) for name, alias in self.aliases.items()}
        return self.template.format(**quoted), list(self.params)

    def relabeled_clone(self, change_map: Mapping[str, str]) -> AliasedSQL:
        clone = copy.copy(self)
        clone.aliases = {name: change_map.get(alias, alias) for name, alias in self.aliases.items()}
        return clone

    def get_group_by_cols(self) -> list[Expression]:
        return [self]

    @property
    def identity(self) -> tuple:
        return (self.__class__, self.template, tuple(sorted(self.aliases.items())), tuple(self.params))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AliasedSQL) and self.identity == other.identity

    def __hash__(self) -> int:
        return hash(self.identity)


def zero_rank() -> Value:
    """The rank of rows that matched no positive term (exclusion-only queries)."""
    return Value(0.0, output_field=FloatField())


class BaseSearchBackend(ABC):
    """What every engine implements: compile a tree, filter and rank a queryset."""

    vendor: str = ""

    def search(self, queryset: QuerySet, tree: Node | None, index: SearchIndex) -> QuerySet:
        """`queryset` narrowed to rows matching `tree`, annotated with ``rank``.

        None (nothing searchable) gives no rows; a tree of exclusions only
        gives every row except the excluded ones, each with rank 0.
        """
        positive, negatives = split_negations(tree)
        if positive is None and not negatives:
            return queryset.annotate(rank=zero_rank()).none()
        if positive is None:
            return self.exclude(queryset, negatives, index).annotate(rank=zero_rank())
        return self.match(queryset, positive, negatives, index)

    @abstractmethod
    def match(
        self, queryset: QuerySet, positive: Node, negatives: tuple[Node, ...], index: SearchIndex
    ) -> QuerySet:
        """Rows matching `positive` and none of `negatives`, annotated with ``rank``."""

    @abstractmethod
    def exclude(self, queryset: QuerySet, negatives: tuple[Node, ...], index: SearchIndex) -> QuerySet:
        """Rows matching none of `negatives`."""
