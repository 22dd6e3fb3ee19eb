"""A coordinator lowers the capacity in the admin while a resident takes a place, on
PostgreSQL, each with their own connection: the admin's check and the join are served one
after the other (the admin holds the activity's settings row from its check to its save), so
the date never ends up holding more places than the new capacity.

The admin's check is slowed down so that, without that lock, the join would land between the
check and the save."""

import datetime as dt
import importlib
import threading
import time

import pytest
from django.apps import apps as django_apps
from django.db import connection, connections
from django.utils import timezone

from accounts.models import User
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.conftest import PASSWORD, client_for
from tests.factories import ActivityFactory, at
from tests.participation.test_capacity_changes import change_url, settings_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)


def test_lowering_the_capacity_and_a_join_at_once_never_overfill(
    monkeypatch: pytest.MonkeyPatch, coordinator: User
) -> None:
    day = timezone.localdate() + dt.timedelta(days=5)
    activity = ActivityFactory(sessions=[at(day, 10)])
    offer = ParticipationSettings.objects.create(
        activity=activity, capacity=3, closes_hours_before=0
    )
    first = User.objects.create_user("first@example.jp", PASSWORD, name="一番 さん")
    latecomer = User.objects.create_user("late@example.jp", PASSWORD, name="遅れて さん")
    services.participation_join(user=first, activity=activity, date=day)

    checked = threading.Event()
    original = services.capacity_overfilled

    def slow_check(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        checked.set()
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "capacity_overfilled", slow_check)
    outcome: dict[str, object] = {}
    errors: list[BaseException] = []

    def lower() -> None:
        try:
            response = client_for(coordinator).post(
                change_url(offer), settings_form(offer, capacity=1)
            )
            outcome["admin"] = response.status_code
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    def join() -> None:
        try:
            checked.wait(timeout=10)
            outcome["join"] = services.participation_join(
                user=latecomer, activity=activity, date=day
            ).status
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lower), threading.Thread(target=join)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert outcome == {"admin": 302, "join": Participation.Status.WAITING}
    offer.refresh_from_db()
    assert offer.capacity == 1
    assert Participation.objects.confirmed().count() == 1
