"""What participation hangs on the floors below: their signals, and its objections to deleting
their records (core.objections); connected in apps.py."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Activity
from participation import services
from participation.models import Participation


def occurrences_removed(
    sender: object, *, activity: Activity, dates: list[dt.date], **_: object
) -> None:
    """networks rebuilt an activity's dates without these: whoever joined them is told."""
    services.occurrences_gone(activity=activity, dates=dates)


def activity_objections(activity: Activity) -> list[str]:
    """An activity whose coming dates residents hold places on (or wait for) is not deleted
    in silence: call the dates off first (everyone is told), or unpublish it."""
    coming = (
        Participation.objects.active()
        .filter(activity=activity)
        .filter(
            Q(date__gte=timezone.localdate())
            | Q(date__isnull=True, activity__next_date__isnull=False)
        )
        .count()
    )
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
