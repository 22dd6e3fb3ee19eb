"""Workflows of the networks app."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from networks import reference_data
from networks.models import (
    Activity,
    ActivityOccurrence,
    ActivitySession,
    District,
    TargetGroup,
    Theme,
)


def occurrence_dates(
    activity: Activity,
    *,
    today: dt.date,
    sessions: Iterable[ActivitySession] | None = None,
) -> set[dt.date]:
    """The dates an activity takes place: its rule for the next 180 days, or its sessions.

    `sessions` may be given when they are not saved yet (bulk loading); otherwise they are read
    from the database.
    """
    if activity.is_recurring:
        horizon = today + dt.timedelta(days=ActivityOccurrence.HORIZON_DAYS)
        return set(activity.dates_between(today, horizon))
    if sessions is None:
        sessions = activity.sessions.all()
    return {timezone.localtime(session.starts_at).date() for session in sessions}


@transaction.atomic
def activity_refresh_occurrences(*, activity: Activity, today: dt.date | None = None) -> int:
    """Rebuild the dates an activity takes place (its sessions, or its rule for 180 days)."""
    today = today or timezone.localdate()
    dates = occurrence_dates(activity, today=today)
    ActivityOccurrence.objects.filter(activity=activity).delete()
    ActivityOccurrence.objects.bulk_create(
        ActivityOccurrence(activity=activity, date=date) for date in sorted(dates)
    )
    return len(dates)


def activities_refresh_occurrences(*, today: dt.date | None = None, batch: int = 500) -> int:
    """Rebuild every activity's dates (nightly: rolls recurring rules forward)."""
    today = today or timezone.localdate()
    total = 0
    activities = Activity.objects.prefetch_related("sessions").order_by("pk")
    for activity in activities.iterator(chunk_size=batch):
        total += activity_refresh_occurrences(activity=activity, today=today)
    return total


def reference_data_ensure() -> None:
    """Create any missing district, theme or target group (a flushed test database has none)."""
    for model, rows in (
        (District, reference_data.DISTRICTS),
        (Theme, reference_data.THEMES),
        (TargetGroup, reference_data.TARGET_GROUPS),
    ):
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
