"""Encrypt what residents sent before the inquiry fields became encrypted (0009).

Raw SQL: the model's fields would try to decrypt the plaintext they read. Values already
encrypted are left alone, so the migration can run again. Backwards, the values are decrypted
again (0009 then turns the columns back into plain ones).
"""

from django.db import migrations

from core import crypto

COLUMNS = ("name", "phone", "email", "message")


def _rewrite(schema_editor, convert) -> None:
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn("consultations_inquiry")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(qn(c) for c in COLUMNS)} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        update = f"UPDATE {table} SET {', '.join(f'{qn(c)} = %s' for c in COLUMNS)} WHERE id = %s"  # noqa: S608
        changed = []
        for pk, *values in rows:
            new = [convert(value) for value in values]
            if new != values:
                changed.append([*new, pk])
        if changed:
            cursor.executemany(update, changed)


def encrypt_inquiries(apps, schema_editor) -> None:
    _rewrite(schema_editor, lambda v: v if crypto.is_ciphertext(v) else crypto.encrypt(v))


def decrypt_inquiries(apps, schema_editor) -> None:
    _rewrite(schema_editor, lambda v: crypto.decrypt(v) if crypto.is_ciphertext(v) else v)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_inquiry_encrypted_fields"),
    ]

    operations = [
        migrations.RunPython(encrypt_inquiries, decrypt_inquiries, elidable=False),
    ]
