"""Attendance marked on the roster feeds the computed indicator 「活動に出席した人の延べ人数」,
by the activity's theme and district, in the current fiscal year: on single dates and on the
dates of places in the whole series."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from core.fiscal_year import current_fiscal_year, fiscal_year_bounds
from networks.models import District, Theme
from participation.models import Participation, SeriesAttendance
from pillars.models import ActionItem
from progress.computation import item_progress, with_progress_data
from progress.models import Indicator
from tests.factories import ActivityFactory
from tests.progress.conftest import IndicatorFactory

pytestmark = pytest.mark.django_db


def actual(item: ActionItem) -> list[Decimal]:
    loaded = with_progress_data(ActionItem.objects.filter(pk=item.pk)).get()
    return [reading.actual for reading in item_progress(loaded).indicators]


def test_attendance_counts_per_theme_and_district(item: ActionItem, resident: User) -> None:
    neighbour = User.objects.create_user("neighbour@example.jp", "x", name="石神井 次郎")
    places = Theme.objects.get(slug="places-to-belong")
    oizumi = District.objects.get(slug="oizumi")
    IndicatorFactory(action_item=item, source=Indicator.Source.PARTICIPANTS, theme=places)
    IndicatorFactory(action_item=item, source=Indicator.Source.PARTICIPANTS, district=oizumi)
    in_nerima = ActivityFactory(theme=places)
    in_oizumi = ActivityFactory(theme=Theme.objects.get(slug="work-experience"), district=oizumi)
    start, _end = fiscal_year_bounds(current_fiscal_year())
    today = timezone.localdate()
    for activity, user, attended, date in [
        (in_nerima, resident, True, today),
        (in_nerima, neighbour, True, today),
        (in_nerima, resident, False, today - dt.timedelta(days=1)),  # did not come
        (in_nerima, neighbour, True, start - dt.timedelta(days=1)),  # last fiscal year
        (in_oizumi, resident, True, today),
    ]:
        Participation.objects.create(activity=activity, user=user, date=date, attended=attended)

    assert actual(item) == [Decimal(2), Decimal(1)]


def test_series_attendance_counts_date_by_date(item: ActionItem, resident: User) -> None:
    places = Theme.objects.get(slug="places-to-belong")
    IndicatorFactory(action_item=item, source=Indicator.Source.PARTICIPANTS, theme=places)
    salon = ActivityFactory(theme=places)
    series_place = Participation.objects.create(activity=salon, user=resident, date=None)
    start, _end = fiscal_year_bounds(current_fiscal_year())
    for date, attended in [
        (start, True),
        (start + dt.timedelta(days=7), True),
        (start + dt.timedelta(days=14), False),  # did not come
        (start - dt.timedelta(days=1), True),  # last fiscal year
    ]:
        SeriesAttendance.objects.create(participation=series_place, date=date, attended=attended)
    # As many on single dates, in the same theme and district: counted too, not merged
    for day in (start, start + dt.timedelta(days=1)):
        Participation.objects.create(activity=salon, user=resident, date=day, attended=True)

    assert actual(item) == [Decimal(4)]
