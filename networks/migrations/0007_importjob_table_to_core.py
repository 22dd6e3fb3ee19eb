"""The spreadsheet import jobs serve every app's admin, so they live in core, step 1 of 3:
rename their table (core 0002 takes the model, networks 0008 lets go)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("networks", "0006_drivingforce_moved")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="importjob", table="core_importjob")],
            state_operations=[],
        )
    ]
