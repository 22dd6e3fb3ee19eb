"""The spreadsheet import jobs live in core, step 2 of 3: the model ImportJob is core's, on the
table networks 0007 renamed; its content type moves with it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


OLD_FORMAT, NEW_FORMAT = "networks.admin.JapaneseCSV", "core.import_admin.JapaneseCSV"


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A job waiting for its task names the CSV format by its dotted path, which moved too.
    ImportJob = apps.get_model("core", "ImportJob")
    ImportJob.objects.using(db).filter(file_format=OLD_FORMAT).update(file_format=NEW_FORMAT)
    if not ContentType.objects.using(db).filter(app_label="core", model="importjob").exists():
        ContentType.objects.using(db).filter(app_label="networks", model="importjob").update(
            app_label="core"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ImportJob = apps.get_model("core", "ImportJob")
    ImportJob.objects.using(db).filter(file_format=NEW_FORMAT).update(file_format=OLD_FORMAT)
    if not ContentType.objects.using(db).filter(app_label="networks", model="importjob").exists():
        ContentType.objects.using(db).filter(app_label="core", model="importjob").update(
            app_label="networks"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0001_cache_table"),
        ("networks", "0007_importjob_table_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('model', models.CharField(max_length=100, verbose_name='取り込み先')),
                        ('resource', models.CharField(max_length=200, verbose_name='取り込みの定義')),
                        ('file_format', models.CharField(max_length=200, verbose_name='形式')),
                        ('file_name', models.CharField(max_length=255, verbose_name='ファイル名')),
                        ('content', models.BinaryField(verbose_name='ファイル')),
                        ('status', models.CharField(choices=[('checking', '確認中'), ('checked', '確認済み'), ('invalid', '問題あり'), ('importing', '取り込み中'), ('done', '取り込み済み'), ('failed', '中止')], default='checking', max_length=20, verbose_name='状態')),
                        ('total_rows', models.PositiveIntegerField(default=0, verbose_name='行数')),
                        ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='処理した行数')),
                        ('totals', models.JSONField(blank=True, default=dict, verbose_name='件数')),
                        ('problems', models.JSONField(blank=True, default=list, verbose_name='問題')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完了日時')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_jobs', to=settings.AUTH_USER_MODEL, verbose_name='取り込んだ人')),
                    ],
                    options={
                        'verbose_name': '取り込み',
                        'verbose_name_plural': '取り込み',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
