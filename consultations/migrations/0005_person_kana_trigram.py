"""Kana search (`kana_key LIKE '%…%'`) served by a trigram index on PostgreSQL (pg_trgm is
created by search/0001); nothing on other databases."""

from django.db import migrations

INDEX = "consultations_person_kana_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "consultations_person" '
            'USING gin ("kana_key" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_teams_and_categories"),
        ("search", "0001_trigram_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
