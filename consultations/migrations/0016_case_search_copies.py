from django.db import migrations, models

# Case.person_kana_key and Case.category_keys filled from the persons and the category links
# (the keys between bars, "|1|5|"; consultations.models.cases.category_keys), in one pass over
# the cases. The indexes that carry them are built by the next migration, in a transaction of
# their own: built in this one, they would also hold every row's version from before the
# update (twice their size until rebuilt).
FILL = """
UPDATE consultations_case SET
    person_kana_key = COALESCE(
        (SELECT p.kana_key FROM consultations_person p WHERE p.id = consultations_case.person_id),
        ''
    ),
    category_keys = COALESCE(
        (SELECT '|' || {keys} || '|' FROM consultations_case_categories cc
         WHERE cc.case_id = consultations_case.id),
        ''
    )
"""
KEYS = {
    "postgresql": "string_agg(cc.category_id::text, '|' ORDER BY cc.category_id)",
    # SQLite's group_concat takes no ORDER BY here; the order does not matter to a search.
    "sqlite": "group_concat(cc.category_id, '|')",
}


def fill(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(FILL.format(keys=KEYS.get(connection.vendor, KEYS["sqlite"])))


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0015_households_and_intake_corrections"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_list_covering"),
        migrations.RemoveIndex(model_name="case", name="case_status_list_covering"),
        migrations.AddField(
            model_name="case",
            name="category_keys",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="person_kana_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
