from django.db import migrations, models
from django.db.models import F


def held_since_asked(apps, schema_editor):
    """The portal did not record when a place was moved up from the waiting list: places held
    (or held once: cancelled, called off) count from when they were asked for, as before.
    Places still waiting have none."""
    Participation = apps.get_model("participation", "Participation")
    Participation.objects.exclude(status="waiting").update(confirmed_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0002_series_attendance'),
    ]

    operations = [
        migrations.AddField(
            model_name='participation',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='参加確定日時'),
        ),
        migrations.RunPython(held_since_asked, migrations.RunPython.noop, elidable=True),
    ]
