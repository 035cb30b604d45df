"""A statement always quotes exactly the text at its span of the article body.

No CHECK constraint can look at another table, so triggers enforce it on both
databases: inserting or updating a statement whose text is not
body[start:end] fails, and so does rewriting an article body under an
existing statement. Character positions agree with Python's str indices:
both SQLite's substr() and PostgreSQL's substring() count characters.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TRIGGER archive_statement_span_insert BEFORE INSERT ON archive_statement
    WHEN NEW."end" > (SELECT length(body) FROM archive_article WHERE id = NEW.article_id)
      OR NEW.text IS NOT substr((SELECT body FROM archive_article WHERE id = NEW.article_id),
                                NEW.start + 1, NEW."end" - NEW.start)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: statement span must quote the article body'); END;
    """,
    """
    CREATE TRIGGER archive_statement_span_update BEFORE UPDATE ON archive_statement
    WHEN NEW."end" > (SELECT length(body) FROM archive_article WHERE id = NEW.article_id)
      OR NEW.text IS NOT substr((SELECT body FROM archive_article WHERE id = NEW.article_id),
                                NEW.start + 1, NEW."end" - NEW.start)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: statement span must quote the article body'); END;
    """,
    """
    CREATE TRIGGER archive_article_body_keeps_spans BEFORE UPDATE OF body ON archive_article
    WHEN EXISTS (SELECT 1 FROM archive_statement s WHERE s.article_id = NEW.id
                 AND s.text IS NOT substr(NEW.body, s.start + 1, s."end" - s.start))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: article body change would break a statement span'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS archive_statement_span_insert",
    "DROP TRIGGER IF EXISTS archive_statement_span_update",
    "DROP TRIGGER IF EXISTS archive_article_body_keeps_spans",
]

POSTGRES_CREATE = [
    """
    CREATE FUNCTION archive_statement_span_check() RETURNS trigger AS $$
    DECLARE article_body text;
    BEGIN
      SELECT body INTO article_body FROM archive_article WHERE id = NEW.article_id;
      IF NEW."end" > char_length(article_body)
         OR NEW.text IS DISTINCT FROM substring(article_body FROM NEW.start + 1 FOR NEW."end" - NEW.start) THEN
        RAISE EXCEPTION 'statement span must quote the article body' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER archive_statement_span BEFORE INSERT OR UPDATE ON archive_statement
    FOR EACH ROW EXECUTE FUNCTION archive_statement_span_check();
    """,
    """
    CREATE FUNCTION archive_article_body_keeps_spans() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM archive_statement s WHERE s.article_id = NEW.id
                 AND s.text IS DISTINCT FROM substring(NEW.body FROM s.start + 1 FOR s."end" - s.start)) THEN
        RAISE EXCEPTION 'article body change would break a statement span' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER archive_article_body_keeps_spans BEFORE UPDATE OF body ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_article_body_keeps_spans();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS archive_article_body_keeps_spans ON archive_article",
    "DROP FUNCTION IF EXISTS archive_article_body_keeps_spans()",
    "DROP TRIGGER IF EXISTS archive_statement_span ON archive_statement",
    "DROP FUNCTION IF EXISTS archive_statement_span_check()",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
