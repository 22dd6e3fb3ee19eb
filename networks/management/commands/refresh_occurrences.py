from django.core.management.base import BaseCommand

from networks.services import activities_refresh_occurrences


class Command(BaseCommand):
    help = (
        "Rebuild the dates every activity takes place (sessions, and recurring rules for the "
        "next 180 days) and each activity's next date. Run nightly, e.g. from cron: "
        "`manage.py refresh_occurrences`."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = activities_refresh_occurrences()
        if options["verbosity"]:
            self.stdout.write(f"Activity dates refreshed: {count} dates.")
