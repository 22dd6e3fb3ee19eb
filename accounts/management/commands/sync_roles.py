from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups (コーディネーター, …) and set exactly their permissions."

    def handle(self, *args: object, **options: object) -> None:
        for name, count in sync_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
