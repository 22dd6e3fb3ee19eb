"""A resident's private calendar: one event per date they hold a place (or wait) for, and the
network's meetings they registered to attend (members; those they may still see)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from networks import ical
from networks.models import ActivityOccurrence, Meeting
from networks.permissions import is_network_member
from participation import services
from participation.models import Participation

# How far ahead a series participation's dates are listed (the occurrences' own window)
SERIES_DAYS = ActivityOccurrence.HORIZON_DAYS


def personal_calendar(user: User, *, request: HttpRequest) -> str:
    today = timezone.localdate()
    rows = list(Participation.objects.upcoming_for(user, today=today))
    # A series place: its dates less those called off, moved or taken away, plus moved ones
    series_dates = services.series_dates(
        [row.activity_id for row in rows if row.date is None], start=today
    )
    domain = request.get_host().split(":")[0]
    events = []
    for row in rows:
        activity = row.activity
        url = request.build_absolute_uri(activity.get_absolute_url())
        dates = [row.date] if row.date else series_dates.get(activity.pk, [])
        summary = activity.title
        if row.status == Participation.Status.WAITING:
            summary = _("【キャンセル待ち】%(title)s") % {"title": activity.title}
        for date in dates:
            start: dt.datetime | dt.date = date
            end: dt.datetime | dt.date | None = date + dt.timedelta(days=1)
            if activity.start_time:
                start = dt.datetime.combine(date, activity.start_time, tzinfo=ical.TOKYO)
                end = (
                    dt.datetime.combine(date, activity.end_time, tzinfo=ical.TOKYO)
                    if activity.end_time
                    else None
                )
            events.append(
                ical.Event(
                    uid=f"participation-{row.pk}-{date:%Y%m%d}@{domain}",
                    stamp=row.created_at,
                    summary=summary,
                    start=start,
                    end=end,
                    description=url,
                    location=ical._location(activity),
                    url=url,
                )
            )
    meetings = (
        Meeting.objects.visible(to_members=is_network_member(user))
        .filter(attendances__user=user, starts_at__gte=timezone.now() - dt.timedelta(days=1))
        .select_related("facility__member", "contact_point")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        events.append(ical.meeting_event(meeting, url=url, domain=domain))
    return ical.calendar(events, name=_("参加予定（練馬区社会福祉協議会）"))
