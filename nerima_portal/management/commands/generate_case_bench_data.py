import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from consultations.models import Case
from consultations.sample_data import bench_generate


class Command(BaseCommand):
    help = (
        "Benchmarks only: generate --cases consultation cases with --entries progress entries "
        "(persons, categories, tasks, staff of each team with TOTP), every case and person "
        "is_sample=True. Reused when the sample cases are already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args: object, **options: Any) -> None:
        cases, entries = options["cases"], options["entries"]
        if cases < 1 or entries < 0:
            raise CommandError("--cases must be 1 or more and --entries 0 or more.")
        have = Case.objects.filter(is_sample=True).count()
        if have >= cases:
            self.stdout.write(f"Sample cases already there ({have}); nothing generated.")
            return
        started = time.monotonic()
        counts = bench_generate(cases=cases, entries=entries, seed=options["seed"])
        if connection.vendor == "postgresql" and connection.get_autocommit():
            with connection.cursor() as cursor:  # not possible inside a transaction (tests)
                cursor.execute("VACUUM ANALYZE")
        made = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Case bench data ready in {time.monotonic() - started:.1f}s: {made}.")
