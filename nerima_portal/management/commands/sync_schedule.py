from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from nerima_portal.schedule import SCHEDULE


class Command(BaseCommand):
    help = (
        "Make the task queue's schedule match nerima_portal/schedule.py (idempotent: run it at "
        "every deploy, after migrate). Entries no longer listed are removed."
    )

    def handle(self, *args: object, **options: Any) -> None:
        with transaction.atomic():
            for entry in SCHEDULE:
                schedule, created = Schedule.objects.get_or_create(
                    name=entry.name,
                    defaults={
                        "func": entry.func,
                        "args": _args(entry.args),
                        "cron": entry.cron,
                        "schedule_type": Schedule.CRON,
                    },
                )
                changed = (schedule.func, schedule.cron, schedule.args) != (
                    entry.func,
                    entry.cron,
                    _args(entry.args),
                )
                if not created and (changed or schedule.schedule_type != Schedule.CRON):
                    schedule.func = entry.func
                    schedule.args = _args(entry.args)
                    schedule.cron = entry.cron
                    schedule.schedule_type = Schedule.CRON
                    schedule.repeats = -1
                    schedule.next_run = timezone.now()
                    schedule.next_run = schedule.calculate_next_run()
                    schedule.save()
            listed = {entry.name for entry in SCHEDULE}
            removed, _ = Schedule.objects.exclude(name__in=listed).delete()
        if options["verbosity"] > 0:
            self.stdout.write(f"Schedule: {len(SCHEDULE)} entries, {removed} removed.")


def _args(args: tuple[str, ...]) -> str | None:
    """django-q2 keeps positional arguments as the text of a Python tuple."""
    return repr(args) if args else None
