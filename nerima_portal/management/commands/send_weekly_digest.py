from typing import Any

from django.core.management.base import BaseCommand

from nerima_portal.digest import weekly_digests_send


class Command(BaseCommand):
    help = (
        "Queue the weekly digest (what is new in the districts and hashtags each resident "
        "follows) for everyone who chose it and has not had one in the last six days."
    )

    def handle(self, *args: object, **options: Any) -> None:
        count = weekly_digests_send()
        if options["verbosity"] > 0:
            self.stdout.write(f"Queued {count} weekly digests.")
