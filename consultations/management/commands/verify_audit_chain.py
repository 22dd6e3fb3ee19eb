import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consultations import audit_chain
from consultations.models import AccessLog, Case, ChangeRecord, Person

CHAINS = {"accesslog": AccessLog, "changerecord": ChangeRecord}


class Command(BaseCommand):
    help = (
        "Verify the audit chains of the access log and the change history (keyed hashes, "
        "AUDIT_CHAIN_KEY): prints OK with each chain's head, or the first row that is altered, "
        "deleted or out of place, and exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="TABLE:ID:HASH",
            help="a head printed by an earlier run (e.g. accesslog:120:ab12…), which must still "
            "be in the chain: finds rows cut off the end. May be given once per table.",
        )
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: object, **options: Any) -> None:
        heads = _parse_heads(options["head"])
        # Retention blanks the change history's values of anonymised cases and persons.
        anonymised = (
            set(Case.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)),
            {
                str(pk)
                for pk in Person.objects.filter(anonymised_at__isnull=False).values_list(
                    "pk", flat=True
                )
            },
        )
        failed = False
        for name, model in CHAINS.items():
            started = time.monotonic()
            result = audit_chain.verify(
                model, anonymised=anonymised, batch=options["batch"], head=heads.get(name)
            )
            took = time.monotonic() - started
            if result.broken is None:
                self.stdout.write(
                    f"OK {name}: {result.rows} rows in {took:.2f}s; "
                    f"head {name}:{result.head_pk or 0}:{result.head_hash or '-'}"
                )
            else:
                failed = True
                self.stdout.write(f"BROKEN {result.broken} ({result.rows} rows verified before it)")
        if failed:
            raise CommandError("The audit chain does not verify (see above).")


def _parse_heads(values: list[str]) -> dict[str, tuple[int, str]]:
    heads = {}
    for value in values:
        try:
            table, pk, digest = value.split(":")
            heads[table] = (int(pk), digest)
        except ValueError:
            raise CommandError(f"--head is TABLE:ID:HASH, not {value!r}") from None
        if table not in CHAINS:
            raise CommandError(f"--head: the tables are {', '.join(CHAINS)}, not {table!r}")
    return heads
