from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.fiscal_year import current_fiscal_year, fiscal_year_label
from progress.services import indicator_snapshots_record


class Command(BaseCommand):
    help = (
        "Record every computed indicator's current count as its value for the fiscal year "
        "(default: the current one). Run yearly on 31 March, the last day of the fiscal year "
        "(cron, Asia/Tokyo: `0 23 31 3 *`). Running it again the same year replaces the values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fiscal-year", type=int, default=None, help="e.g. 2025 (default: the current one)"
        )

    def handle(self, *args: object, **options: Any) -> None:
        fiscal_year = options["fiscal_year"] or current_fiscal_year()
        count = indicator_snapshots_record(fiscal_year=fiscal_year)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Recorded {count} computed indicators for {fiscal_year_label(fiscal_year)}."
            )
