"""The change log: database triggers append (seq, kind, id) for every write that changes a search document.

Triggers, not signals or Python hooks, so that every path is caught in the
same transaction as the write itself: the admin, the import (including
PostgreSQL's COPY, which fires row triggers), ``QuerySet.update()``,
``bulk_create``, SQLite's ``INSERT OR IGNORE`` of a many-to-many ``.add()``,
raw SQL and an operator's ``psql``. A write that changes nothing a document
holds (an article's review status, say) logs nothing.

Each table names the (kind, id column) pairs it logs. An UPDATE that moves a
row (a statement to another article) logs both the old and the new id.

Order: the search index applies the log by ``seq``, and records the last
``seq`` it applied. On PostgreSQL two transactions could take sequence
numbers in one order and commit in the other, and an index that had read the
later one would never see the earlier. The trigger function therefore takes
a transaction-level advisory lock first, so transactions that change search
documents commit one at a time, in the order of their numbers. SQLite has a
single writer anyway. The custom SQLite backend (core/sqlite) keeps these
triggers through Django's table rebuilds.
"""

from django.db import migrations, models

# (table, ((kind, id column), ...), columns whose UPDATE matters or None for any)
LOGGED = [
    (
        "archive_article",
        (("article", "id"),),
        ("title_key", "body_key", "is_public", "published_at", "source_id", "story_id"),
    ),
    ("archive_articlevia", (("article", "article_id"),), None),
    ("archive_article_countries", (("article", "article_id"),), None),
    (
        "archive_statement",
        (("statement", "id"), ("article", "article_id")),
        ("text_key", "article_id", "official_id", "event_id", "start"),
    ),
    ("archive_event", (("event", "id"),), ("kind",)),
    ("archive_event_articles", (("article", "article_id"),), None),
    ("archive_event_officials", (("event", "event_id"),), None),
    ("archive_official", (("official", "id"),), ("name", "names_key", "country_id")),
    ("archive_officialalias", (("official", "official_id"),), None),
    # Positions are in no document, but the editors' gazetteer follows the log too.
    ("archive_position", (("official", "official_id"),), None),
]

LOG = "archive_searchchange"
# Any constant: the advisory lock that orders the log's writers (see above).
ORDER_LOCK = 7316110


def _sqlite_values(pairs, row: str, unless_same_as: str | None = None) -> str:
    parts = []
    for kind, column in pairs:
        condition = f"{row}.{column} IS NOT NULL"
        if unless_same_as:
            condition += f" AND {row}.{column} IS NOT {unless_same_as}.{column}"
        parts.append(f"INSERT INTO {LOG}(kind, object_id) SELECT '{kind}', {row}.{column} WHERE {condition};")
    return " ".join(parts)


def sqlite_create() -> list[str]:
    sql = []
    for table, pairs, columns in LOGGED:
        sql.append(
            f"CREATE TRIGGER {table}_log_insert AFTER INSERT ON {table} BEGIN "
            f"{_sqlite_values(pairs, 'new')} END"
        )
        sql.append(
            f"CREATE TRIGGER {table}_log_delete AFTER DELETE ON {table} BEGIN "
            f"{_sqlite_values(pairs, 'old')} END"
        )
        when = ""
        if columns:
            when = " WHEN " + " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        sql.append(
            f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table}{when} BEGIN "
            f"{_sqlite_values(pairs, 'new')} {_sqlite_values(pairs, 'old', unless_same_as='new')} END"
        )
    return sql


def sqlite_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_log_{op}"
        for table, _, _ in LOGGED
        for op in ("insert", "delete", "update")
    ]


POSTGRES_FUNCTION = f"""
CREATE FUNCTION archive_log_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 0;
  new_row jsonb;
  old_row jsonb;
  new_id bigint;
  old_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock({ORDER_LOCK});
  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  WHILE i < TG_NARGS LOOP
    new_id := (new_row ->> TG_ARGV[i + 1])::bigint;
    old_id := (old_row ->> TG_ARGV[i + 1])::bigint;
    IF new_id IS NOT NULL THEN
      INSERT INTO {LOG}(kind, object_id) VALUES (TG_ARGV[i], new_id);
    END IF;
    IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN
      INSERT INTO {LOG}(kind, object_id) VALUES (TG_ARGV[i], old_id);
    END IF;
    i := i + 2;
  END LOOP;
  RETURN NULL;
END
$$
"""


def postgres_create() -> list[str]:
    sql = [POSTGRES_FUNCTION]
    for table, pairs, columns in LOGGED:
        args = ", ".join(f"'{part}'" for pair in pairs for part in pair)
        sql.append(
            f"CREATE TRIGGER {table}_log_write AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION archive_log_search_change({args})"
        )
        when = ""
        if columns:
            when = " WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns) + ")"
        sql.append(
            f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} "
            f"FOR EACH ROW{when} EXECUTE FUNCTION archive_log_search_change({args})"
        )
    return sql


def postgres_drop() -> list[str]:
    sql = [
        f"DROP TRIGGER IF EXISTS {table}_log_{op} ON {table}"
        for table, _, _ in LOGGED
        for op in ("write", "update")
    ]
    return sql + ["DROP FUNCTION IF EXISTS archive_log_search_change()"]


def run(create: bool):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = sqlite_create() if create else sqlite_drop()
        elif vendor == "postgresql":
            statements = postgres_create() if create else postgres_drop()
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_editors_ingest_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("seq", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("article", "خبر"),
                            ("statement", "گفته"),
                            ("official", "مقام"),
                            ("event", "رویداد"),
                        ],
                        max_length=16,
                    ),
                ),
                ("object_id", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "تغییر",
                "verbose_name_plural": "دفتر تغییرها",
            },
        ),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("name", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("position", models.BigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "وضعیت نمایه",
                "verbose_name_plural": "وضعیت نمایه\u200cها",
            },
        ),
        migrations.RunPython(run(create=True), run(create=False)),
    ]
