"""An activity that takes sign-ups: one dated session in ten days, two places."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation.models import ParticipationSettings
from tests.conftest import PASSWORD
from tests.factories import ActivityFactory, at


@pytest.fixture
def day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def activity(db: None, day: dt.date) -> Activity:
    activity = ActivityFactory(title="サンプル まちのカフェ", sessions=[at(day, 10)])
    activity.start_time = dt.time(10)
    activity.end_time = dt.time(12)
    activity.save()
    return activity


@pytest.fixture
def offer(activity: Activity) -> ParticipationSettings:
    return ParticipationSettings.objects.create(
        activity=activity, capacity=2, question="アレルギーはありますか。"
    )


@pytest.fixture
def neighbour(db: None) -> User:
    return User.objects.create_user("neighbour@example.jp", PASSWORD, name="石神井 次郎")


@pytest.fixture
def third(db: None) -> User:
    return User.objects.create_user("third@example.jp", PASSWORD, name="大泉 三郎")
