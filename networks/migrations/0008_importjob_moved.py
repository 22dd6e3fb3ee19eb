"""The spreadsheet import jobs live in core, step 3 of 3: networks forgets the model (nothing
in the database changes)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0007_importjob_table_to_core"),
        ("core", "0002_importjob"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ImportJob")],
        )
    ]
