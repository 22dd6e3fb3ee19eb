from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from networks import sample_data as network_samples
from participation import sample_data as participation_samples
from pillars import sample_data as plan_samples
from pillars.sample_data import NoPlanError
from progress import sample_data as progress_samples
from search.indexing import index_missing


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

    def handle(self, *args: object, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        if options["delete"]:
            # The other way round from loading: progress, the directory, then the items
            deleted = progress_samples.delete() + network_samples.delete() + plan_samples.delete()
            if verbose:
                self.stdout.write(f"Deleted sample records ({deleted} rows).")
            return
        copies = int(options["copies"])
        if copies < 1:
            raise CommandError("--copies must be 1 or more.")
        try:
            # Each app's own sample data, in the order of the floors: action items and
            # hashtags first, then the directory (which shares the hashtags), then progress.
            count = plan_samples.load(copies=copies)
        except NoPlanError as exc:
            raise CommandError(str(exc)) from exc
        network_samples.load(copies=copies)
        participation_samples.load()  # sign-ups on sample activities (deleted with them)
        progress_samples.load()
        index_missing()  # the directory is made in bulk, without the saves search listens to
        if verbose:
            self.stdout.write(
                f"Sample data ready: {count} action items with their progress and the network's "
                "sample directory, "
                "each marked サンプル."
            )
