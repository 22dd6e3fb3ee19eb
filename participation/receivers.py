"""What participation hangs on signals from the floors below (connected in apps.py)."""

import datetime as dt

from networks.models import Activity
from participation import services


def occurrences_removed(
    sender: object, *, activity: Activity, dates: list[dt.date], **_: object
) -> None:
    """networks rebuilt an activity's dates without these: whoever joined them is told."""
    services.occurrences_gone(activity=activity, dates=dates)
