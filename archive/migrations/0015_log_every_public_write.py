"""The change log records every write a public page shows, not only those a search document holds.

Pages, menus and facet labels are cached under the log's position
(archive/pagecache). Migration 0008 logged an UPDATE only when it changed a
column of a search document, and did not watch sources, their aliases,
countries or an event's countries at all: renaming a source in the admin, or
correcting an article's link or an event's title, left pages that showed the
old text for as long as they were kept. Now any UPDATE of an article,
statement, event or official is logged (the index rewrites that one document,
unchanged), and so is every write to sources, source aliases, countries and
events' countries. Kinds no index reads (``source``, ``country``) only move
the position.

The trigger bodies are 0008's (`_sqlite_values`, its PostgreSQL function, with
its advisory lock); a country's key is a code, not a number, so its rows are
logged as ``country`` 0.
"""

import importlib

from django.db import migrations, models

first = importlib.import_module("archive.migrations.0008_search_change_log")
LOG = first.LOG

# Tables 0008 watched with a column list: their UPDATE trigger now fires on any change.
WIDENED = [(table, pairs) for table, pairs, columns in first.LOGGED if columns]
# Tables 0008 did not watch.
ADDED = [
    ("archive_source", (("source", "id"),)),
    ("archive_sourcealias", (("source", "source_id"),)),
    ("archive_event_countries", (("event", "event_id"),)),
]
COUNTRY = "archive_country"


def _sqlite_update(table: str, pairs) -> str:
    return (
        f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} BEGIN "
        f"{first._sqlite_values(pairs, 'new')} {first._sqlite_values(pairs, 'old', unless_same_as='new')} END"
    )


def sqlite_forward() -> list[str]:
    sql = []
    for table, pairs in WIDENED:
        sql += [f"DROP TRIGGER IF EXISTS {table}_log_update", _sqlite_update(table, pairs)]
    for table, pairs in ADDED:
        sql += [
            f"CREATE TRIGGER {table}_log_insert AFTER INSERT ON {table} BEGIN "
            f"{first._sqlite_values(pairs, 'new')} END",
            f"CREATE TRIGGER {table}_log_delete AFTER DELETE ON {table} BEGIN "
            f"{first._sqlite_values(pairs, 'old')} END",
            _sqlite_update(table, pairs),
        ]
    sql += [
        f"CREATE TRIGGER {COUNTRY}_log_{op} AFTER {op.upper()} ON {COUNTRY} BEGIN "
        f"INSERT INTO {LOG}(kind, object_id) VALUES ('country', 0); END"
        for op in ("insert", "update", "delete")
    ]
    return sql


def sqlite_backward() -> list[str]:
    sql = []
    for table, pairs, columns in first.LOGGED:
        if columns:
            when = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
            sql += [
                f"DROP TRIGGER IF EXISTS {table}_log_update",
                f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} WHEN {when} BEGIN "
                f"{first._sqlite_values(pairs, 'new')} "
                f"{first._sqlite_values(pairs, 'old', unless_same_as='new')} END",
            ]
    for table, _ in [*ADDED, (COUNTRY, ())]:
        sql += [f"DROP TRIGGER IF EXISTS {table}_log_{op}" for op in ("insert", "update", "delete")]
    return sql


POSTGRES_COUNTRY_FUNCTION = f"""
CREATE FUNCTION archive_log_country_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock({first.ORDER_LOCK});
  INSERT INTO {LOG}(kind, object_id) VALUES ('country', 0);
  RETURN NULL;
END
$$
"""


def _postgres_triggers(table: str, pairs, when: str = "") -> list[str]:
    args = ", ".join(f"'{part}'" for pair in pairs for part in pair)
    return [
        f"DROP TRIGGER IF EXISTS {table}_log_update ON {table}",
        f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} "
        f"FOR EACH ROW{when} EXECUTE FUNCTION archive_log_search_change({args})",
    ]


def postgres_forward() -> list[str]:
    sql = []
    for table, pairs in WIDENED:
        sql += _postgres_triggers(table, pairs)
    for table, pairs in ADDED:
        args = ", ".join(f"'{part}'" for pair in pairs for part in pair)
        sql.append(
            f"CREATE TRIGGER {table}_log_write AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION archive_log_search_change({args})"
        )
        sql += _postgres_triggers(table, pairs)
    sql += [
        POSTGRES_COUNTRY_FUNCTION,
        f"CREATE TRIGGER {COUNTRY}_log_write AFTER INSERT OR UPDATE OR DELETE ON {COUNTRY} "
        "FOR EACH STATEMENT EXECUTE FUNCTION archive_log_country_change()",
    ]
    return sql


def postgres_backward() -> list[str]:
    sql = []
    for table, pairs, columns in first.LOGGED:
        if columns:
            when = " WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns) + ")"
            sql += _postgres_triggers(table, pairs, when)
    for table, _ in ADDED:
        sql += [f"DROP TRIGGER IF EXISTS {table}_log_{op} ON {table}" for op in ("write", "update")]
    sql += [
        f"DROP TRIGGER IF EXISTS {COUNTRY}_log_write ON {COUNTRY}",
        "DROP FUNCTION IF EXISTS archive_log_country_change()",
    ]
    return sql


def run(forward: bool):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = sqlite_forward() if forward else sqlite_backward()
        elif vendor == "postgresql":
            statements = postgres_forward() if forward else postgres_backward()
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0014_event_start_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchchange",
            name="kind",
            field=models.CharField(
                choices=[
                    ("article", "خبر"),
                    ("statement", "گفته"),
                    ("official", "مقام"),
                    ("event", "رویداد"),
                    ("source", "منبع"),
                    ("country", "کشور"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(run(True), run(False)),
    ]
