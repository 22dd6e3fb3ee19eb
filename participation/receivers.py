"""What participation hangs on the floors below: their signals, and its objections to deleting
their records (core.objections); connected in apps.py."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Activity
from participation import services
from participation.models import Participation


def occurrences_removed(
    sender: object,
    *,
    activity: Activity,
    dates: list[dt.date],
    moved_to: dict[dt.date, dt.date] | None = None,
    **_: object,
) -> None:
    """networks rebuilt an activity's dates without these: whoever joined them is told, that
    the date moved (their place moves with it) or that it is called off."""
    moved_to = moved_to or {}
    for date, to in moved_to.items():
        services.occurrence_session_moved(activity=activity, date=date, to=to)
    services.occurrences_gone(
        activity=activity, dates=[date for date in dates if date not in moved_to]
    )


def activity_objections(activity: Activity) -> list[str]:
    """An activity whose coming dates residents hold places on (or wait for) is not deleted
    in silence: call the dates off first (everyone is told), or unpublish it."""
    places = Participation.objects.active().filter(activity=activity)
    today = timezone.localdate()
    # (a series place is on coming dates only while the activity has one)
    coming = (
        places.coming(today) if activity.next_date else places.filter(date__gte=today)
    ).count()
    if not coming:
        return []
    return [
        _(
            "「%(title)s」には、これからの開催日の参加申込み（キャンセル待ちを含む）が"
            "%(n)s件あります。削除する前に、開催日の中止で参加者に知らせてください"
            "（「開催日の中止・変更」）。"
        )
        % {"title": activity.title, "n": coming}
    ]
