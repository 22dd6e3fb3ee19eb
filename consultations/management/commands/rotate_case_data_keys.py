from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from accounts.services import mfa_secrets_rotate
from consultations.models import Person, phone_index
from core import crypto
from core.fields import EncryptedTextField

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Re-encrypt every value encrypted with CASE_DATA_KEYS (consultation records, "
        "inquiries, two-factor secrets) with the first key, and recompute the phone search "
        "index. Rotation: put the new key first (keep the old one after it), run this, then "
        "drop the old key. See README."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args: object, **options: Any) -> None:
        batch = int(options["batch"])
        total = 0
        # Every model with an encrypted field (the case records and the inquiries).
        for model in apps.get_models():
            # (A concrete field always has a column; Django types it optional for the others.)
            columns = [
                f.column
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField) and f.column is not None
            ]
            pk_column = model._meta.pk.column
            if not columns or pk_column is None:
                continue
            count = rotate_table(model._meta.db_table, pk_column, columns, batch)
            total += count
            if options["verbosity"]:
                self.stdout.write(f"{model._meta.label}: {count} rows")
        # The blind index is keyed by the first key as well.
        with transaction.atomic():
            for person in Person.objects.select_for_update().only("pk", "phone", "phone_index"):
                new = phone_index(person.phone)
                if new != person.phone_index:
                    Person.objects.filter(pk=person.pk)._sanctioned_update(phone_index=new)
        # allauth's two-factor secrets (accounts.adapters.MFAAdapter).
        count = mfa_secrets_rotate()
        total += count
        if options["verbosity"]:
            self.stdout.write(f"mfa.Authenticator: {count} rows")
            self.stdout.write(f"Re-encrypted {total} rows with the first key.")


def rotate_table(table: str, pk: str, columns: list[str], batch: int) -> int:
    """Rewrite `columns` of every row with the first key, batch by batch, each batch in its
    own transaction (a run can be interrupted and started again)."""
    qn = connection.ops.quote_name
    select = (
        f"SELECT {qn(pk)}, {', '.join(qn(c) for c in columns)} FROM {qn(table)} "  # noqa: S608
        f"WHERE {qn(pk)} > %s ORDER BY {qn(pk)} LIMIT %s"
    )
    update = (
        f"UPDATE {qn(table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} "  # noqa: S608
        f"WHERE {qn(pk)} = %s"
    )
    last, done = 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, batch])
            rows = cursor.fetchall()
            if not rows:
                return done
            cursor.executemany(
                update,
                [[*(crypto.rotate(v) if v else v for v in row[1:]), row[0]] for row in rows],
            )
            last = rows[-1][0]
            done += len(rows)
