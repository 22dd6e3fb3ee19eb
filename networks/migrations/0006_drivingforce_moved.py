"""The driving forces belong to the plan's structure, step 3 of 3: networks forgets the model
(its table is pillars' since networks 0005; nothing in the database changes)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0005_drivingforce_table_to_pillars"),
        ("pillars", "0002_drivingforce"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="DrivingForce")],
        )
    ]
