"""Readings the analyser gets wrong in this site's texts (tests/core/furigana_readings.tsv):
place names of 練馬区 read as elsewhere, and words read in another sense. Coordinators keep
them in the admin from here on."""

from django.db import migrations

FIXES = {
    "十分": ("じゅうぶん", "「十分に」（じゅうふん：10分ではない）"),
    "方": ("かた", "人を指す「方」（多くの方・近隣の方たち）"),
    "行っている": ("おこなっている", "「行う」の意味で（日頃何気なく行っていること）"),
    "身近": ("みぢか", ""),
    "何か": ("なにか", "「なんか」ではなく"),
    "江古田": ("えこだ", "練馬区の江古田（中野区の江古田はえごた）"),
    "春日町": ("かすがちょう", "練馬区春日町"),
    "高野台": ("たかのだい", "練馬区高野台"),
}


def add_fixes(apps, schema_editor):
    ReadingFix = apps.get_model("core", "ReadingFix")
    for surface, (reading, note) in FIXES.items():
        ReadingFix.objects.get_or_create(
            surface=surface, defaults={"reading": reading, "note": note}
        )


def remove_fixes(apps, schema_editor):
    apps.get_model("core", "ReadingFix").objects.filter(surface__in=FIXES).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_reading_fix")]

    operations = [migrations.RunPython(add_fixes, remove_fixes)]
