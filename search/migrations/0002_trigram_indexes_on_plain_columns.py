"""Trigram indexes on the plain columns too (PostgreSQL only; nothing on other databases).

Search matches a term that has no upper or lower case (most Japanese: 相談, 子ども食堂) with
`column LIKE pattern` rather than `UPPER(column) LIKE UPPER(pattern)`: the same rows without
UPPER() on every row (search/services.py). 0001's indexes are on the UPPER() expression, so
they serve only terms with Latin letters; these serve the others. pg_trgm answers LIKE on a
plain column from a gin_trgm_ops index (it rechecks the rows it finds, case included).
"""

from django.db import migrations

# The same columns as 0001 (a frozen copy: migrations do not import each other's tables).
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
            name = f"{table}_{column}_plain_trgm"
            if create:
                statements.append(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    f'USING gin ("{column}" gin_trgm_ops)'
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
    dependencies = [("search", "0001_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
