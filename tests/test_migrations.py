"""Migrations leave the database complete: every trigger survives later table rebuilds."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SPAN_TRIGGERS = {
    "sqlite": {
        "archive_statement_span_insert",
        "archive_statement_span_update",
        "archive_article_body_keeps_spans",
    },
    "postgresql": {"archive_statement_span", "archive_article_body_keeps_spans"},
}


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_the_span_triggers_exist_after_all_migrations():
    assert SPAN_TRIGGERS[connection.vendor] <= trigger_names()


def test_the_database_full_text_indexes_are_retired():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'")
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'search_vector'"
            )
        assert cursor.fetchall() == []
    assert not any("fts" in name for name in trigger_names())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
@pytest.mark.django_db(transaction=True)
def test_a_table_rebuild_keeps_the_triggers_that_mention_it():
    from archive.models import Article

    before = trigger_names()
    assert any(name.startswith("archive_article_log") for name in before)  # the change log's
    field = Article._meta.get_field("language")
    with connection.schema_editor() as editor:
        editor._remake_table(Article, alter_fields=[(field, field)])
    assert trigger_names() == before


def test_no_model_change_lacks_a_migration():
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
