"""Encrypt the two-factor secrets allauth stored in plain text before accounts.adapters.MFAAdapter
(the TOTP secret, the recovery codes' seed and migrated codes in `mfa_authenticator.data`).

Values already encrypted are left alone (it can run again); backwards, they are decrypted.
"""

from django.db import migrations

from core import crypto

SECRET_TYPES = ("totp", "recovery_codes")


def _convert(data: dict, convert) -> dict:
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
    return data


def _rewrite(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_TYPES).only("data"):
        new = _convert(authenticator.data, convert)
        if new != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=new)


def encrypt_secrets(apps, schema_editor) -> None:
    _rewrite(apps, lambda v: v if crypto.is_ciphertext(v) else crypto.encrypt(v))


def decrypt_secrets(apps, schema_editor) -> None:
    _rewrite(apps, lambda v: crypto.decrypt(v) if crypto.is_ciphertext(v) else v)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False),
    ]
