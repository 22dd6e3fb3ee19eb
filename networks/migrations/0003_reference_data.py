"""The districts, themes and target groups the plan and the network work with (FACTS.md)."""

from django.db import migrations

DISTRICTS = [("練馬", "nerima"), ("光が丘", "hikarigaoka"), ("石神井", "shakujii"), ("大泉", "oizumi")]
THEMES = [
    ("就労体験", "work-experience"),
    ("交流の場・居場所づくり", "places-to-belong"),
    ("福祉教育", "welfare-education"),
]
TARGET_GROUPS = [("高齢者", "elderly"), ("障害者", "disabilities"), ("子ども", "children")]


def create(apps, schema_editor):
    for model_name, rows in (
        ("District", DISTRICTS),
        ("Theme", THEMES),
        ("TargetGroup", TARGET_GROUPS),
    ):
        model = apps.get_model("networks", model_name)
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def remove(apps, schema_editor):
    for model_name, rows in (
        ("District", DISTRICTS),
        ("Theme", THEMES),
        ("TargetGroup", TARGET_GROUPS),
    ):
        apps.get_model("networks", model_name).objects.filter(
            slug__in=[slug for _, slug in rows]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("networks", "0002_directory")]

    operations = [migrations.RunPython(create, remove)]
