"""The driving forces belong to the plan's structure (the pillars app), step 1 of 3:
rename their table, rows and links kept (the model itself moves in pillars 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_import_job")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="drivingforce", table="pillars_drivingforce")
            ],
            state_operations=[],
        )
    ]
