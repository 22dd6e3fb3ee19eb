"""The driving forces belong to the plan's structure, step 2 of 3: the model DrivingForce is
pillars' from now on, on the table networks 0005 renamed; action items point at it. Nothing
in the database changes here but the content type, so that permissions and the admin's
history stay with the moved model."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="pillars", model="drivingforce").exists():
        ContentType.objects.using(db).filter(app_label="networks", model="drivingforce").update(
            app_label="pillars"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="networks", model="drivingforce").exists():
        ContentType.objects.using(db).filter(app_label="pillars", model="drivingforce").update(
            app_label="networks"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pillars", "0001_initial"),
        ("plan", "0001_initial"),
        ("networks", "0005_drivingforce_table_to_pillars"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="DrivingForce",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                        ("number", models.PositiveSmallIntegerField(verbose_name="番号（表示順）")),
                        (
                            "slug",
                            models.SlugField(
                                help_text="ページのアドレスに使う英字（例：nerizu）。", verbose_name="URL名"
                            ),
                        ),
                        ("name", models.CharField(help_text="例：ネリーズ", max_length=100, verbose_name="名前")),
                        (
                            "lead",
                            models.TextField(
                                help_text="名前のすぐ下と体系図に表示する短い説明。", verbose_name="紹介文"
                            ),
                        ),
                        (
                            "body",
                            models.TextField(blank=True, help_text="段落は空行で区切ります。", verbose_name="本文"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="driving_forces",
                                to="plan.plan",
                                verbose_name="計画",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "推進力",
                        "verbose_name_plural": "推進力",
                        "ordering": ["plan", "number"],
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "number"), name="unique_force_number"),
                            models.UniqueConstraint(fields=("plan", "slug"), name="unique_force_slug"),
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="actionitem",
                    name="driving_forces",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="action_items",
                        to="pillars.drivingforce",
                        verbose_name="関わる推進力",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
