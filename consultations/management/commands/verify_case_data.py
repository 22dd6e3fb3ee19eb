import random
import time
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models
from django.db.models import Max, Min

from core.fields import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Read a sample of the encrypted records (case records, inquiries, two-factor secrets) "
        "through the application with CASE_DATA_KEYS and report how many decrypted: the "
        "restore drill's proof that a backup and the keys belong together. Never prints a "
        "value. Exits with status 1 if any sampled value does not decrypt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", type=int, default=20, help="rows per table (default 20)")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args: object, **options: Any) -> None:
        sample = options["sample"]
        if sample < 1:
            raise CommandError("--sample must be 1 or more.")
        rng = random.Random(options["seed"])  # noqa: S311 (which rows to read, not a secret)
        started = time.monotonic()
        rows_total = failures = values = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            read, failed, non_empty = _sample(model, [f.attname for f in fields], sample, rng)
            rows_total += read
            failures += failed
            values += non_empty
            self.stdout.write(
                f"{model._meta.label}: {model._base_manager.count()} rows; "
                f"{read - failed}/{read} sampled rows decrypt "
                f"({non_empty} non-empty values in {len(fields)} encrypted fields)"
            )
        read, failed = _sample_mfa(sample, rng)
        rows_total += read
        failures += failed
        self.stdout.write(f"mfa.Authenticator: {read - failed}/{read} sampled secrets decrypt")
        took = time.monotonic() - started
        summary = (
            f"{rows_total - failures}/{rows_total} sampled rows decrypt with CASE_DATA_KEYS "
            f"({values} non-empty values) in {took:.2f}s"
        )
        if failures:
            raise CommandError(f"{failures} sampled rows do NOT decrypt: {summary}")
        if rows_total == 0:
            raise CommandError("Nothing encrypted to sample: is this the right database?")
        self.stdout.write(f"OK {summary}")


def _sample_pks(model: type[models.Model], size: int, rng: random.Random) -> list[Any]:
    """Up to `size` primary keys spread over the table (cheap on any table size)."""
    manager = model._base_manager
    bounds = manager.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    if low is None:
        return []
    if not isinstance(low, int):
        return list(manager.order_by("pk").values_list("pk", flat=True)[:size])
    chosen: set[int] = set()
    for _ in range(size * 2):
        pk = (
            manager.filter(pk__gte=rng.randint(low, high))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is not None:
            chosen.add(pk)
        if len(chosen) >= size:
            break
    if len(chosen) < size:
        # Random probes can land on the same rows (always on a small table): top up in order.
        chosen.update(
            manager.exclude(pk__in=chosen)
            .order_by("pk")
            .values_list("pk", flat=True)[: size - len(chosen)]
        )
    return sorted(chosen)


def _sample(
    model: type[models.Model], fields: list[str], size: int, rng: random.Random
) -> tuple[int, int, int]:
    """(rows read, rows that failed to decrypt, non-empty values) — values are only counted."""
    read = failed = non_empty = 0
    for pk in _sample_pks(model, size, rng):
        read += 1
        try:
            # The field decrypts as it is read (EncryptedTextField.from_db_value).
            row = model._base_manager.filter(pk=pk).values_list(*fields).get()
        except (ImproperlyConfigured, ValueError):
            failed += 1
            continue
        non_empty += sum(1 for value in row if value)
    return read, failed, non_empty


def _sample_mfa(size: int, rng: random.Random) -> tuple[int, int]:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    adapter = get_adapter()
    read = failed = 0
    for pk in _sample_pks(Authenticator, size, rng):
        authenticator = Authenticator.objects.get(pk=pk)
        secrets = [
            value
            for key, value in authenticator.data.items()
            if key in ("secret", "seed") and isinstance(value, str)
        ]
        if not secrets:
            continue  # a security key keeps no secret of ours
        read += 1
        try:
            for secret in secrets:
                adapter.decrypt(secret)
        except (ImproperlyConfigured, ValueError):
            failed += 1
    return read, failed
