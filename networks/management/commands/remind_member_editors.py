from django.core.management.base import BaseCommand

from networks.services import STALE_MONTHS, editors_remind


class Command(BaseCommand):
    help = (
        f"E-mail the editors of every member whose entries have not been confirmed for "
        f"{STALE_MONTHS} months a reminder with a one-click 「変更なし」 link. Monthly; "
        "idempotent (an editor reminded this month is skipped)."
    )

    def handle(self, *args: object, **options: object) -> None:
        sent = editors_remind()
        if options["verbosity"]:
            self.stdout.write(f"Reminders sent: {sent}.")
