from typing import Any

from django.core.management.base import BaseCommand

from participation.services import participations_remind


class Command(BaseCommand):
    help = (
        "E-mail everyone holding a place for tomorrow. Each person is reminded once per date "
        "(recorded on the participation), so running it again the same day sends nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = participations_remind()
        self.stdout.write(f"Sent {sent} reminder(s).")
