"""The shared cache's table (settings.CACHES without CACHE_URL: Django's database cache).

Login throttles live in the cache; a table in the one database every worker uses makes them
hold across processes without any other service.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "portal_cache"


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table)]
