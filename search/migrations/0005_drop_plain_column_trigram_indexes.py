"""Drop 0002's trigram indexes on the records' plain columns (PostgreSQL only).

Site search reads its own index table now (search.Entry, 0003–0004), so nothing queries
those columns with a case-sensitive LIKE any more; the indexes only cost every write. 0001's
indexes on UPPER(column) stay: the admin's search boxes (icontains) use them.
"""

from django.db import migrations

# The columns 0002 indexed (a frozen copy: migrations do not import each other's tables).
INDEXED = {
    "pillars_actionitem": ["title", "body"],
    "pillars_hashtag": ["name"],
    "networks_member": ["name", "name_kana", "description"],
    "networks_facility": ["name", "name_kana", "address", "opening_notes"],
    "networks_activity": ["title", "description", "venue"],
    "nerizu_story": ["title", "body"],
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, columns in INDEXED.items():
            for column in columns:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_plain_trgm"')


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, columns in INDEXED.items():
            for column in columns:
                schema_editor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{table}_{column}_plain_trgm" ON "{table}" '
                    f'USING gin ("{column}" gin_trgm_ops)'
                )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_index_trigrams")]

    operations = [migrations.RunPython(drop, create)]
