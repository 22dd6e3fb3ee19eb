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
    """networks rebuilt an activity's dates without these: whoever joined them is told."""
    services.occurrences_gone(activity=activity, dates=dates, moved_to=moved_to)


def date_move_objections(
    activity: Activity, date: dt.date, to: dt.date, moves: dict[dt.date, dt.date]
) -> list[str]:
    """A session moved from `date` to `to` in the activity's admin page, with the other
    dates moved in the same save (`moves`), would take the new day past its capacity
    (networks asks through core.objections before saving)."""
    full = services.move_overfills(activity=activity, date=date, to=to, moves=moves)
    if full is None:
        return []
    return [services.overfill_message(full)]


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
