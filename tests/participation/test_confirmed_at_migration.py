"""A database migrated before places recorded when they were confirmed (participation 0003)
migrates forward with each place held, or held once (cancelled, called off), confirmed when it
was asked for, as the portal counted it until then, and each place still waiting unconfirmed.

Transactional: SQLite's schema editor refuses to run inside the test's transaction.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from networks.services import reference_data_ensure
from participation.models import Participation
from tests.factories import ActivityFactory

BEFORE = [("participation", "0002_series_attendance")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before_confirmed_at():
    migrate(BEFORE)
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_places_held_count_from_when_they_were_asked_for(before_confirmed_at) -> None:
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    reference_data_ensure()  # a transactional test before this one flushed them
    activity = ActivityFactory(title="ひかりサロン")  # (only participation was rolled back)
    asked = dt.datetime(2027, 1, 20, 3, tzinfo=dt.UTC)
    OldParticipation = apps.get_model("participation", "Participation")
    for n, status in enumerate(("confirmed", "waiting", "cancelled", "called_off")):
        user = User.objects.create_user(f"p{n}@example.jp", "x", name=f"参加者{n}")
        OldParticipation.objects.create(
            activity_id=activity.pk, user_id=user.pk, status=status, created_at=asked
        )

    migrate([("participation", "0003_participation_confirmed_at")])

    assert dict(Participation.objects.values_list("status", "confirmed_at")) == {
        "confirmed": asked,
        "waiting": None,
        "cancelled": asked,
        "called_off": asked,
    }
