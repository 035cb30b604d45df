"""The full-text indexes behind archive.search, one kind per database.

SQLite: an FTS5 table per searchable model over its key columns, as external
content (the keys are stored once, in the model's table), kept in step by
triggers. The keys are already normalized and space-separated, so the
tokenizer only splits on spaces: every category but separators (Z*) and
controls (Cc) is a token character, diacritics are left alone, and FTS5 sees
exactly the key's tokens, as PostgreSQL does. Prefix indexes of 2 and 3
characters make short prefix queries («مو*») cheap.

PostgreSQL: a stored generated ``search_vector`` column per model with a GIN
index. The vector is built from the key by archive_key_tsvector(), which
splits on spaces and numbers positions (no text search parser re-reading the
words); the body's positions start one after the title's so a phrase never
runs from the title into the body, matching FTS5's per-column phrases.

Caution: Django rebuilds a SQLite table to alter most columns, which drops
its triggers. A later migration that alters archive_article,
archive_statement or archive_official on SQLite must re-create the triggers
below (and `rebuild_search_index` reports when they are missing).
"""

from django.db import migrations

TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co Cn Cs Cf'"

# (model table, FTS5 table, key columns)
INDEXES = [
    ("archive_article", "archive_article_fts", ("title_key", "body_key")),
    ("archive_statement", "archive_statement_fts", ("text_key",)),
    ("archive_official", "archive_official_fts", ("names_key",)),
]


def sqlite_create(table, fts, columns):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id',
            tokenize="{TOKENIZE}", prefix='2 3')""",
        f"""CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
              INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
            END""",
        f"""CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
              INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
            END""",
        # Only when a key changed: publishing, review status and the like do not touch the index.
        f"""CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} WHEN {changed} BEGIN
              INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
              INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
            END""",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_drop(table, fts, columns):
    return [
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TABLE IF EXISTS {fts}",
    ]


POSTGRES_FUNCTION = r"""
CREATE FUNCTION archive_key_tsvector(key text, weight "char", first_position integer)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT setweight(coalesce(string_agg(
           '''' || replace(replace(token, '\', '\\'), '''', '''''') || ''':'
                || least(position + first_position - 1, 16383),
           ' '), '')::tsvector, weight)
  FROM unnest(string_to_array(key, ' ')) WITH ORDINALITY AS t(token, position)
  WHERE token <> '' AND octet_length(token) < 2048
$$
"""

POSTGRES_VECTORS = [
    ("archive_article", "archive_key_tsvector(title_key, 'A', 1) || archive_key_tsvector(body_key, 'B', 2)"),
    ("archive_statement", "archive_key_tsvector(text_key, 'A', 1)"),
    ("archive_official", "archive_key_tsvector(names_key, 'A', 1)"),
]


def postgres_create():
    sql = [POSTGRES_FUNCTION]
    for table, expression in POSTGRES_VECTORS:
        sql += [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED",
            f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)",
        ]
    return sql


def postgres_drop():
    sql = [f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector" for table, _ in POSTGRES_VECTORS]
    return sql + ['DROP FUNCTION IF EXISTS archive_key_tsvector(text, "char", integer)']


def run(create):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = [s for index in INDEXES for s in (sqlite_create if create else sqlite_drop)(*index)]
        elif vendor == "postgresql":
            statements = postgres_create() if create else postgres_drop()
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_statement_span_triggers")]

    operations = [migrations.RunPython(run(create=True), run(create=False))]
