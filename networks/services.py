"""Workflows of the networks app."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from networks.models import Activity, ActivityOccurrence


def _occurrence_dates(activity: Activity, *, today: dt.date) -> set[dt.date]:
    if activity.is_recurring:
        horizon = today + dt.timedelta(days=ActivityOccurrence.HORIZON_DAYS)
        return set(activity.dates_between(today, horizon))
    return {timezone.localtime(session.starts_at).date() for session in activity.sessions.all()}


@transaction.atomic
def activity_refresh_occurrences(*, activity: Activity, today: dt.date | None = None) -> int:
    """Rebuild the dates an activity takes place (its sessions, or its rule for 180 days)."""
    today = today or timezone.localdate()
    dates = _occurrence_dates(activity, today=today)
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
