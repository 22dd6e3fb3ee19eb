from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pillars.services import DEFAULT_SEED_PATH, SeedFileError, plan_load_seed


class Command(BaseCommand):
    help = (
        "Load the plan's wording (philosophy, background, pillars, driving forces) from "
        "pillars/data/plan6.toml. Records a coordinator has edited are kept; --force restores "
        "the original text."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_SEED_PATH, help="seed file")
        parser.add_argument(
            "--force", action="store_true", help="overwrite edited records with the original text"
        )

    def handle(self, *args: object, **options: Any) -> None:
        try:
            report = plan_load_seed(path=options["file"], force=bool(options["force"]))
        except SeedFileError as exc:
            raise CommandError(f"Nothing was changed: {exc}") from exc
        if options["verbosity"] == 0:
            return
        summary = ", ".join(
            f"{outcome} {report.counts[outcome]}"
            for outcome in ("created", "updated", "unchanged", "kept")
        )
        self.stdout.write(f"Plan loaded: {summary}.")
        for label in report.kept:
            self.stdout.write(f"  kept (edited in the admin; --force restores it): {label}")
