"""The seeded teams and consultation categories (the admin can add more later)."""

from django.db import migrations

TEAMS = [
    ("自立相談支援", "jiritsu"),
    ("生活福祉資金", "shikin"),
    ("地域福祉", "chiiki"),
]

CATEGORIES = [
    ("生活困窮", "hardship"),
    ("特例貸付", "special-loan"),
    ("住居確保給付金", "housing-benefit"),
    ("8050問題", "8050"),
    ("権利擁護", "rights-advocacy"),
    ("高齢", "elderly"),
    ("障害", "disability"),
    ("子ども・子育て", "children"),
    ("就労", "employment"),
    ("住まい", "housing"),
    ("健康", "health"),
    ("社会的孤立", "isolation"),
    ("その他", "other"),
]


def seed(apps, schema_editor):
    Team = apps.get_model("consultations", "Team")
    Category = apps.get_model("consultations", "Category")
    for order, (name, slug) in enumerate(TEAMS, start=1):
        Team.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    for order, (name, slug) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_case_records")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
