import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from networks.sample_data import bench_generate
from search.indexing import index_missing


class Command(BaseCommand):
    help = (
        "Benchmarks only: generate an invented directory in bulk (members, facilities, "
        "activities with their sessions and dates), every record is_sample=True and named "
        "「ベンチ」. `load_sample_data --delete` removes it. Never run in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1000)
        parser.add_argument("--facilities", type=int, default=5000)
        parser.add_argument("--activities", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=6, help="same seed, same data")

    def handle(self, *args: object, **options: Any) -> None:
        members, facilities, activities = (
            int(options[name]) for name in ("members", "facilities", "activities")
        )
        if members < 1 or facilities < 0 or activities < 0:
            raise CommandError("--members must be 1 or more; the other counts 0 or more.")
        started = time.monotonic()
        counts = bench_generate(
            members=members,
            facilities=facilities,
            activities=activities,
            seed=int(options["seed"]),
        )
        index_missing()  # made in bulk, without the saves search listens to
        if options["verbosity"]:
            made = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"Bench data ready in {time.monotonic() - started:.1f}s: {made}.")
