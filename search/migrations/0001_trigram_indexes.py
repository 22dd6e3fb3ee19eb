"""Trigram indexes for site search on PostgreSQL (pg_trgm); nothing on other databases.

Search uses case-insensitive substring matches, which Django writes on PostgreSQL as
`UPPER(column::text) LIKE UPPER(pattern)`; a GIN index on the same expression with
gin_trgm_ops answers them without reading every row. Japanese works: pg_trgm hashes
multibyte trigrams.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXED = {
    "pillars_actionitem": ["title", "body"],
    "pillars_hashtag": ["name"],
    "networks_member": ["name", "name_kana", "description"],
    "networks_facility": ["name", "name_kana", "address", "opening_notes"],
    "networks_activity": ["title", "description", "venue"],
    "nerizu_story": ["title", "body"],
}


def _statements(create: bool) -> list[str]:
    statements = []
    for table, columns in INDEXED.items():
        for column in columns:
            name = f"{table}_{column}_trgm"
            if create:
                statements.append(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                )
            else:
                statements.append(f'DROP INDEX IF EXISTS "{name}"')
    return statements


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(create=True):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(create=False):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("pillars", "0001_initial"),
        ("networks", "0003_reference_data"),
        ("nerizu", "0001_initial"),
    ]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
