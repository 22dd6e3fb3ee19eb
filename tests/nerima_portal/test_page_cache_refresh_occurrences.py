"""`manage.py refresh_occurrences` (the activities' dates) shows on the next anonymous request."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from networks.models import ActivitySession
from tests.factories import ActivityFactory, at
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_refreshed_dates_show_at_once(plan: object) -> None:
    today = timezone.localdate()
    activity = ActivityFactory(title="ひかりサロン", sessions=[at(today + dt.timedelta(days=3))])
    before = cached("/activities/")
    # A session moved without a signal (as a bulk write would): its dates are not made yet
    ActivitySession.objects.filter(activity=activity).update(
        starts_at=at(today + dt.timedelta(days=5)), ends_at=at(today + dt.timedelta(days=5), 12)
    )
    assert cached("/activities/") == before

    call_command("refresh_occurrences", verbosity=0)

    activity.refresh_from_db()
    assert activity.next_date == today + dt.timedelta(days=5)
    assert_shows_the_change("/activities/", before)
