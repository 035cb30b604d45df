"""Django's SQLite backend, with table rebuilds that keep the archive's triggers.

SQLite cannot alter most columns in place, so Django rebuilds the table
(create a copy, copy rows, drop, rename). That silently drops the triggers
on the table (the FTS5 sync triggers) and fails on triggers of other tables
that name it (the statement-span checks). Every later migration would have
to remember that; this backend does it once: triggers that mention the
table are saved, dropped, and created again after the rebuild.
"""

from django.db.backends.sqlite3 import base, schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(self, model, create_field=None, delete_field=None, alter_fields=None):
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
            triggers = [(name, sql) for name, sql in cursor.fetchall() if table in sql]
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        super()._remake_table(
            model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields
        )
        with self.connection.cursor() as cursor:
            for _, sql in triggers:
                cursor.execute(sql)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
