"""Several people take the last place at once, on PostgreSQL, each thread with its own
connection: exactly one gets it; the others wait (or, not wanting to wait, are told it is full).

`check_joinable` is slowed down so that, without the lock on the activity's settings row, every
thread would count the places before any of them wrote one (and all would get in)."""

import datetime as dt
import importlib
import threading
import time

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from accounts.models import User
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.factories import ActivityFactory, at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]

THREADS = 6


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)


@pytest.fixture
def slow_check(monkeypatch: pytest.MonkeyPatch) -> None:
    original = services.check_joinable

    def slow(*args: object, **kwargs: object) -> None:
        original(*args, **kwargs)
        time.sleep(0.2)

    monkeypatch.setattr(services, "check_joinable", slow)


def race(*, wait_if_full: bool) -> tuple[list[Participation], list[str]]:
    day = timezone.localdate() + dt.timedelta(days=5)
    activity = ActivityFactory(sessions=[at(day, 10)])
    ParticipationSettings.objects.create(activity=activity, capacity=1, closes_hours_before=0)
    people = [
        User.objects.create_user(f"racer{n}@example.jp", "x", name=f"走者{n}")
        for n in range(THREADS)
    ]
    start = threading.Barrier(THREADS)
    joined: list[Participation] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def take(user: User) -> None:
        try:
            start.wait()
            joined.append(
                services.participation_join(
                    user=user, activity=activity, date=day, wait_if_full=wait_if_full
                )
            )
        except ValidationError as error:
            refused.append(error.messages[0])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return joined, refused


def test_two_or_more_taking_the_last_place_at_once_one_gets_it_and_the_rest_wait(
    slow_check: None,
) -> None:
    joined, refused = race(wait_if_full=True)

    assert not refused
    assert len(joined) == THREADS
    assert Participation.objects.confirmed().count() == 1
    assert Participation.objects.waiting().count() == THREADS - 1


def test_those_who_will_not_wait_are_told_it_is_full(slow_check: None) -> None:
    joined, refused = race(wait_if_full=False)

    assert len(joined) == 1
    assert refused == ["定員に達しました。キャンセル待ちで申し込めます。"] * (THREADS - 1)
    assert Participation.objects.count() == 1
