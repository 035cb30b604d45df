"""`field__any_of=ids`: a long list of ids as one parameter.

An export reads its rows 2,000 ids at a time. Written `pk__in=ids`, each
query carries 2,000 placeholders that Django prepares one by one (a
`resolve_expression_parameter` and a `get_prep_value` per id, three queries a
chunk: a quarter of the CSV's time on SQLite) and that psycopg's client-side
binding splits and quotes in Python (60% of the CSV's time on PostgreSQL).
On PostgreSQL `= ANY(%s)` sends the ids as one array; on SQLite, which has no
arrays, `IN (SELECT value FROM json_each(%s))` sends them as one JSON text
(SQLite's JSON1 functions are built in since 3.38) and looks each up by its
index as `IN (…)` would. Django has no such lookup; on any other database it
is Django's `IN`.
"""

from __future__ import annotations

from django.db import models
from django.db.models.lookups import In, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        # Integers only (get_prep_lookup), so the JSON array is their decimal digits and commas.
        ids = "[" + ",".join(map(str, self.rhs)) + "]"
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, ids]


models.IntegerField.register_lookup(AnyOf)
models.ForeignKey.register_lookup(AnyOf)
