#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nerima_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings: a missing variable stops here)
    except ImproperlyConfigured as error:
        # One clear line instead of a traceback from deep inside whichever command ran.
        sys.exit(
            f"{error}\nIn development, prefix the command with DEBUG=true "
            "(see README.md, Settings)."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
