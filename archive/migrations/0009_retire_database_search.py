"""Retire the database full-text indexes: search is the Tantivy index now (archive/search/).

Drops the FTS5 tables and their triggers on SQLite, and the generated
``search_vector`` columns, their GIN indexes and archive_key_tsvector() on
PostgreSQL, which 0003 created. Both deployments then search one engine,
so they give the same results by construction. Reversible: going back
re-creates what 0003 made (PostgreSQL recomputes the vectors; the FTS5
tables are filled again with 'rebuild').
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("archive.migrations.0003_search_index")


def retire(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [s for index in search_index.INDEXES for s in search_index.sqlite_drop(*index)]
    elif vendor == "postgresql":
        statements = search_index.postgres_drop()
    else:
        statements = []
    for sql in statements:
        schema_editor.execute(sql, params=None)


def restore(apps, schema_editor):
    search_index.run(create=True)(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        for _, fts, _ in search_index.INDEXES:
            schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')", params=None)


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_search_change_log")]

    operations = [migrations.RunPython(retire, restore)]
