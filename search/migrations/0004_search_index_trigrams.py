"""Trigram indexes on the search index's `title_grams` and `body_grams` (PostgreSQL only;
nothing on SQLite).

Search matches each term with `… LIKE '%…%'` on text whose characters are each written
three times (search/indexing.py `triple`), so every term of one character or more has a
trigram for pg_trgm's GIN index to look up. The extension itself comes from 0001.
"""

from django.db import migrations

COLUMNS = ["title_grams", "body_grams"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "search_entry_{column}_trgm" ON "search_entry" '
                f'USING gin ("{column}" gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(f'DROP INDEX IF EXISTS "search_entry_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_index")]

    operations = [migrations.RunPython(create, drop)]
