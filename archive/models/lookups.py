"""`field__any_of=ids`: a long list of ids as one parameter on PostgreSQL.

An export reads its rows 2,000 ids at a time. Written `pk__in=ids`, each
query carries 2,000 placeholders that Django prepares one by one and that
psycopg's client-side binding splits and quotes in Python: 60% of the CSV's
time on PostgreSQL. `= ANY(%s)` sends the ids as one array. Django has no
such lookup; elsewhere (SQLite, which has no arrays) it is Django's `IN`.
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


models.IntegerField.register_lookup(AnyOf)
models.ForeignKey.register_lookup(AnyOf)
