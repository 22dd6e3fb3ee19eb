"""`manage.py refresh_occurrences` (the activities' dates) shows on the next anonymous request."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from networks.models import ActivityOccurrence
from tests.factories import ActivityFactory, at
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_refreshed_dates_show_at_once(plan: object) -> None:
    activity = ActivityFactory(
        title="ひかりサロン", sessions=[at(timezone.localdate() + dt.timedelta(days=3))]
    )
    ActivityOccurrence.objects.filter(activity=activity).delete()  # dates not made yet
    before = cached("/activities/")

    call_command("refresh_occurrences", verbosity=0)

    assert ActivityOccurrence.objects.filter(activity=activity).exists()
    assert_shows_the_change("/activities/", before)
