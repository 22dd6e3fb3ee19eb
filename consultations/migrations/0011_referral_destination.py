"""Organisation becomes ReferralDestination (つなぎ先, what the README calls it), and the fields
that point to it follow: Referral.organisation → destination, Consent.organisations →
destinations. Rows, links and the content type are kept (RenameModel; Django renames the
content type alongside); the permission codenames are renamed here, so the role groups keep
theirs (add_organisation → add_referraldestination …)."""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def _rename_permissions(apps, old: str, new: str) -> None:
    Permission = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        permissions = Permission.objects.filter(
            content_type__app_label="consultations", codename=f"{action}_{old}"
        )
        if Permission.objects.filter(
            content_type__app_label="consultations", codename=f"{action}_{new}"
        ).exists():
            continue
        permissions.update(codename=f"{action}_{new}")


def forwards(apps, schema_editor) -> None:
    _rename_permissions(apps, "organisation", "referraldestination")


def backwards(apps, schema_editor) -> None:
    _rename_permissions(apps, "referraldestination", "organisation")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("consultations", "0010_encrypt_inquiries"),
    ]

    operations = [
        migrations.RenameModel("Organisation", "ReferralDestination"),
        migrations.RenameField("referral", "organisation", "destination"),
        migrations.RenameField("consent", "organisations", "destinations"),
        migrations.RunPython(forwards, backwards),
    ]
