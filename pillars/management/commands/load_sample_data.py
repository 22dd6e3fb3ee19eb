from django.core.management.base import BaseCommand, CommandError, CommandParser

from pillars.services import NoPlanError, sample_data_delete, sample_data_load
from progress.services import progress_sample_data_delete, progress_sample_data_load


class Command(BaseCommand):
    help = (
        "Local exploration only: add sample action items, hashtags, network members, "
        "facilities, activities, coordinator profiles and the action items' progress (milestones, "
        "indicators, timeline, yearly evaluations), each marked 「サンプル」. "
        "Never run in production. --delete removes them again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--copies", type=int, default=1, help="how many sets to make (for load tests)"
        )
        parser.add_argument("--delete", action="store_true", help="remove all sample records")

    def handle(self, *args: object, **options: object) -> None:
        verbose = options["verbosity"] > 0
        if options["delete"]:
            deleted = progress_sample_data_delete() + sample_data_delete()
            if verbose:
                self.stdout.write(f"Deleted sample records ({deleted} rows).")
            return
        copies = int(options["copies"])
        if copies < 1:
            raise CommandError("--copies must be 1 or more.")
        try:
            count = sample_data_load(copies=copies)
        except NoPlanError as exc:
            raise CommandError(str(exc)) from exc
        progress_sample_data_load()
        if verbose:
            self.stdout.write(
                f"Sample data ready: {count} action items with their progress and the network's "
                "sample directory, "
                "each marked サンプル."
            )
