"""Workflows of the networks app."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.pagecache import content_changed
from networks import reference_data
from networks.models import (
    Activity,
    ActivityDayOff,
    ActivityOccurrence,
    ActivitySession,
    District,
    Meeting,
    MeetingAttendance,
    TargetGroup,
    Theme,
)
from networks.permissions import can_register_attendance


def occurrence_dates(
    activity: Activity,
    *,
    today: dt.date,
    sessions: Iterable[ActivitySession] | None = None,
    days_off: Iterable[ActivityDayOff] | None = None,
) -> set[dt.date]:
    """The dates an activity takes place: its rule for the next 180 days, or its sessions,
    less the days it has off (holidays if it skips them, its listed days off, its pause).

    `sessions` and `days_off` may be given when they are not saved yet (bulk loading) or were
    read for many activities at once; otherwise they are read from the database.
    """
    if activity.is_recurring:
        horizon = today + dt.timedelta(days=ActivityOccurrence.HORIZON_DAYS)
        dates = activity.dates_between(today, horizon)
    else:
        if sessions is None:
            sessions = activity.sessions.all()
        dates = sorted({timezone.localtime(session.starts_at).date() for session in sessions})
    return _less_days_off(activity, dates, days_off=days_off)


def _less_days_off(
    activity: Activity, dates: list[dt.date], *, days_off: Iterable[ActivityDayOff] | None
) -> set[dt.date]:
    if days_off is None:
        days_off = activity.days_off.all() if activity.pk and activity.is_recurring else []
    days_off = list(days_off)
    if not days_off and not activity.has_days_off:
        return set(dates)
    return set(dates) - activity.days_off_among(dates, days_off=days_off).keys()


@transaction.atomic
def activity_refresh_occurrences(*, activity: Activity, today: dt.date | None = None) -> int:
    """Rebuild the dates an activity takes place (its sessions, or its rule for 180 days)."""
    today = today or timezone.localdate()
    dates = occurrence_dates(activity, today=today)
    ActivityOccurrence.objects.filter(activity=activity).delete()
    ActivityOccurrence.objects.bulk_create(
        ActivityOccurrence(activity=activity, date=date) for date in sorted(dates)
    )
    activity.next_date = next_date_of(dates, today=today)
    Activity.objects.filter(pk=activity.pk).update(next_date=activity.next_date)
    content_changed()  # occurrences send no signal (nerima_portal/content.py)
    return len(dates)


def next_date_of(dates: Iterable[dt.date], *, today: dt.date) -> dt.date | None:
    """What `Activity.next_date` holds: the first of the dates from today, or None."""
    return min((date for date in dates if date >= today), default=None)


def activities_roll_next_dates(*, today: dt.date | None = None) -> int:
    """Move every stored next date that has passed on to the activity's next occurrence (or
    None): the day changed since it was set. One query when none has passed (an index probe);
    the nightly `refresh_occurrences` does it too. Returns how many activities moved on."""
    today = today or timezone.localdate()
    passed = Activity.objects.filter(next_date__lt=today)
    if not passed.exists():
        return 0
    moved = passed.update(next_date=_first_occurrence(today))
    content_changed()  # an UPDATE sends no signal; pages sorted by the old dates go
    return moved


def _first_occurrence(today: dt.date) -> models.Subquery:
    """The activity's first occurrence from today, as a subquery for an UPDATE."""
    return models.Subquery(
        ActivityOccurrence.objects.filter(activity=models.OuterRef("pk"), date__gte=today)
        .order_by("date")
        .values("date")[:1]
    )


def activities_refresh_occurrences(
    *,
    activities: Iterable[Activity] | None = None,
    today: dt.date | None = None,
    batch: int = 500,
) -> int:
    """Rebuild the dates of many activities (nightly: every activity, which rolls recurring
    rules forward; after a spreadsheet import: the imported ones). A batch at a time: its
    sessions read in one query, its old dates deleted in one, the new ones inserted in bulk."""
    today = today or timezone.localdate()
    if activities is None:
        activities = Activity.objects.order_by("pk").iterator(chunk_size=batch)
    total = 0
    chunk: list[Activity] = []
    for activity in activities:
        chunk.append(activity)
        if len(chunk) == batch:
            total += _refresh_occurrences_of(chunk, today=today)
            chunk = []
    if chunk:
        total += _refresh_occurrences_of(chunk, today=today)
    return total


@transaction.atomic
def _refresh_occurrences_of(activities: list[Activity], *, today: dt.date) -> int:
    sessions: dict[int, list[ActivitySession]] = defaultdict(list)
    dated = [activity.pk for activity in activities if not activity.is_recurring]
    for session in ActivitySession.objects.filter(activity_id__in=dated):
        sessions[session.activity_id].append(session)
    days_off: dict[int, list[ActivityDayOff]] = defaultdict(list)
    recurring = [activity.pk for activity in activities if activity.is_recurring]
    for day in ActivityDayOff.objects.filter(activity_id__in=recurring):
        days_off[day.activity_id].append(day)
    # A rule's dates depend on the rule alone, and a few rules serve thousands of activities
    by_rule: dict[tuple, list[dt.date]] = {}

    def dates_of(activity: Activity) -> list[dt.date]:
        if not activity.is_recurring:
            return sorted(
                occurrence_dates(activity, today=today, sessions=sessions[activity.pk], days_off=[])
            )
        rule = (activity.schedule, tuple(activity.weekdays), tuple(activity.weeks_of_month))
        if rule not in by_rule:
            by_rule[rule] = sorted(occurrence_dates(Activity(**_rule_of(activity)), today=today))
        if not activity.has_days_off and not days_off[activity.pk]:
            return by_rule[rule]
        return sorted(_less_days_off(activity, by_rule[rule], days_off=days_off[activity.pk]))

    ActivityOccurrence.objects.filter(activity_id__in=[a.pk for a in activities]).delete()
    rows = [
        ActivityOccurrence(activity_id=activity.pk, date=date)
        for activity in activities
        for date in dates_of(activity)
    ]
    ActivityOccurrence.objects.bulk_create(rows, batch_size=2000)
    # The stored next date, from the rows just written (one statement for the batch)
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(
        next_date=_first_occurrence(today)
    )
    content_changed()  # occurrences send no signal (nerima_portal/content.py)
    return len(rows)


def _rule_of(activity: Activity) -> dict[str, object]:
    """The rule alone (no holidays, days off or pause): what dates shared by rule depend on."""
    return {
        "schedule": activity.schedule,
        "weekdays": activity.weekdays,
        "weeks_of_month": activity.weeks_of_month,
    }


def reference_data_ensure() -> None:
    """Create any missing district, theme or target group (a flushed test database has none)."""
    for model, rows in (
        (District, reference_data.DISTRICTS),
        (Theme, reference_data.THEMES),
        (TargetGroup, reference_data.TARGET_GROUPS),
    ):
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


# --- Meetings ---------------------------------------------------------------------------------


def meeting_register_attendance(*, meeting: Meeting, user: User) -> MeetingAttendance:
    """Register `user` to attend (once: registering again changes nothing)."""
    if not can_register_attendance(user, meeting):
        raise PermissionDenied("Registration is closed or not allowed")
    attendance, _created = MeetingAttendance.objects.get_or_create(meeting=meeting, user=user)
    return attendance


def meeting_cancel_attendance(*, meeting: Meeting, user: User) -> bool:
    """Take back a registration; True if there was one."""
    deleted, _rows = MeetingAttendance.objects.filter(meeting=meeting, user=user).delete()
    return bool(deleted)
