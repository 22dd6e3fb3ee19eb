from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0016_case_search_copies"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["-received_on", "-id"],
                include=(
                    "team",
                    "primary_staff",
                    "secondary_staff",
                    "confidentiality",
                    "status",
                    "district",
                    "person",
                    "person_kana_key",
                    "category_keys",
                ),
                name="case_list_covering",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "-received_on", "-id"],
                include=(
                    "team",
                    "primary_staff",
                    "secondary_staff",
                    "confidentiality",
                    "category_keys",
                ),
                name="case_status_list_covering",
            ),
        ),
    ]
