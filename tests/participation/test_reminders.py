"""The day-before reminder: once per person and date, however often the command runs."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import ParticipationSettings
from tests.factories import ActivityFactory, at

pytestmark = pytest.mark.django_db


def test_everyone_holding_a_place_tomorrow_is_reminded_once(
    resident: User, neighbour: User
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    activity: Activity = ActivityFactory(title="明日の体操", sessions=[at(tomorrow, 14)])
    ParticipationSettings.objects.create(activity=activity, capacity=1, closes_hours_before=0)
    services.participation_join(user=resident, activity=activity, date=tomorrow)
    services.participation_join(user=neighbour, activity=activity, date=tomorrow)  # waits
    mail.outbox.clear()

    call_command("send_participation_reminders", verbosity=0)
    call_command("send_participation_reminders", verbosity=0)

    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "明日の参加予定のお知らせ" in mail.outbox[0].subject


def test_nobody_is_reminded_of_a_date_called_off(resident: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    activity: Activity = ActivityFactory(sessions=[at(tomorrow, 14)])
    ParticipationSettings.objects.create(activity=activity, capacity=5, closes_hours_before=0)
    services.participation_join(user=resident, activity=activity, date=tomorrow)
    services.occurrence_cancel(activity=activity, date=tomorrow, reason="雨天")
    mail.outbox.clear()

    call_command("send_participation_reminders", verbosity=0)

    assert mail.outbox == []


def test_the_whole_series_is_reminded_of_a_date_moved_to_tomorrow_not_of_one_called_off(
    resident: User,
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    week_later = tomorrow + dt.timedelta(days=7)
    moved: Activity = ActivityFactory(title="移った講座", sessions=[at(week_later, 14)])
    called_off: Activity = ActivityFactory(title="中止の講座", sessions=[at(tomorrow, 14)])
    for activity in (moved, called_off):
        ParticipationSettings.objects.create(
            activity=activity, capacity=5, scope="series", closes_hours_before=0
        )
        services.participation_join(user=resident, activity=activity, date=None)
    services.occurrence_move(activity=moved, date=week_later, to=tomorrow, reason="会場の都合")
    services.occurrence_cancel(activity=called_off, date=tomorrow, reason="雨天")
    mail.outbox.clear()

    call_command("send_participation_reminders", verbosity=0)

    assert len(mail.outbox) == 1
    assert "移った講座" in mail.outbox[0].subject
