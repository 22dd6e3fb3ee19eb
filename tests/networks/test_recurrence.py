"""Recurring activities: the rule in the words residents use, and the dates it falls on."""

import datetime as dt

import pytest

from networks.models import Activity
from networks.services import activity_refresh_occurrences
from tests.factories import ActivityFactory


def rule(**fields: object) -> Activity:
    return Activity(**fields)


def test_a_monthly_rule_reads_like_the_newsletter() -> None:
    activity = rule(
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[4, 2],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )

    assert activity.recurrence_text == "毎月第2・第4金曜日 10:00〜12:00"


def test_a_weekly_rule_names_its_days_in_order() -> None:
    activity = rule(schedule=Activity.Schedule.WEEKLY, weekdays=[3, 1], start_time=dt.time(13, 30))

    assert activity.recurrence_text == "毎週火・木曜日 13:30〜"


def test_a_dated_activity_has_no_rule_text() -> None:
    assert rule(schedule=Activity.Schedule.DATED).recurrence_text == ""


def test_second_and_fourth_fridays_are_the_nth_fridays_of_each_month() -> None:
    activity = rule(schedule=Activity.Schedule.MONTHLY, weekdays=[4], weeks_of_month=[2, 4])

    dates = activity.dates_between(dt.date(2026, 5, 1), dt.date(2026, 6, 30))

    assert dates == [
        dt.date(2026, 5, 8),
        dt.date(2026, 5, 22),
        dt.date(2026, 6, 12),
        dt.date(2026, 6, 26),
    ]


@pytest.mark.django_db
def test_saving_refreshes_the_dates_for_the_next_180_days() -> None:
    activity = ActivityFactory(schedule=Activity.Schedule.WEEKLY, weekdays=[0])
    today = dt.date(2026, 6, 1)  # a Monday

    count = activity_refresh_occurrences(activity=activity, today=today)

    dates = list(activity.occurrences.values_list("date", flat=True))
    assert count == len(dates) == 26
    assert dates[0] == today
    assert dates[-1] <= today + dt.timedelta(days=180)
