"""The organiser's roster: names and answers for coordinators, addresses only with the
permission, the CSV for the organiser only, attendance afterwards."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> Participation:
    return services.participation_join(
        user=resident, activity=activity, date=day, answer="そばアレルギー"
    )


def roster(activity: Activity, day: dt.date) -> str:
    return f"/activities/{activity.pk}/roster/?date={day}"


def test_the_coordinator_sees_names_answers_and_addresses(
    joined: Participation, activity: Activity, coordinator_client: Client, day: dt.date
) -> None:
    text = coordinator_client.get(roster(activity, day)).content.decode()

    assert "練馬 花子" in text
    assert "そばアレルギー" in text
    assert "resident@example.jp" in text


def test_the_dates_page_counts_each_date(
    joined: Participation, activity: Activity, coordinator_client: Client, day: dt.date
) -> None:
    text = coordinator_client.get(f"/activities/{activity.pk}/roster/").content.decode()

    assert f"?date={day:%Y-%m-%d}" in text
    assert "1 / 2" in text


def test_a_coordinator_without_the_contact_permission_sees_no_addresses(
    joined: Participation, activity: Activity, coordinator: User, day: dt.date
) -> None:
    coordinator.groups.clear()
    coordinator.user_permissions.add(
        Permission.objects.get(codename="view_participation"),
    )

    text = client_for(coordinator).get(roster(activity, day)).content.decode()

    assert "練馬 花子" in text
    assert "resident@example.jp" not in text
    assert "CSVで書き出す" not in text


@pytest.mark.parametrize("who", ["resident", "neighbour", "anonymous"])
def test_nobody_else_sees_the_roster_or_its_csv(
    joined: Participation,
    activity: Activity,
    resident: User,
    neighbour: User,
    day: dt.date,
    who: str,
) -> None:
    client = {"resident": client_for(resident), "neighbour": client_for(neighbour)}.get(
        who, Client()
    )
    for path in (roster(activity, day), f"/activities/{activity.pk}/roster.csv?date={day}"):
        response = client.get(path)
        assert response.status_code in (302, 404)
        assert "そばアレルギー" not in response.content.decode()


def test_the_csv_for_the_organiser(
    joined: Participation, activity: Activity, coordinator_client: Client, day: dt.date
) -> None:
    response = coordinator_client.get(f"/activities/{activity.pk}/roster.csv?date={day}")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == ["氏名", "メールアドレス", "状態", "質問への回答", "出席"]
    assert rows[1] == ["練馬 花子", "resident@example.jp", "参加予定", "そばアレルギー", ""]


def test_the_csv_makes_formulas_harmless(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    coordinator_client: Client,
    day: dt.date,
) -> None:
    services.participation_join(user=resident, activity=activity, date=day, answer="=1+1")

    text = coordinator_client.get(f"/activities/{activity.pk}/roster.csv?date={day}").content

    assert "'=1+1" in text.decode()


def test_attendance_is_marked_afterwards_and_counted(
    joined: Participation, activity: Activity, coordinator_client: Client, day: dt.date
) -> None:
    before = coordinator_client.post(roster(activity, day), {"attended": [joined.pk]})
    assert before.status_code == 404  # not before the date

    Participation.objects.filter(pk=joined.pk).update(date=dt.date(2025, 6, 1))
    response = coordinator_client.post(
        f"/activities/{activity.pk}/roster/?date=2025-06-01", {"attended": [joined.pk]}
    )

    assert response.status_code == 302
    joined.refresh_from_db()
    assert joined.attended is True


def test_a_bad_date_is_a_404(
    offer: ParticipationSettings, activity: Activity, coordinator_client: Client
) -> None:
    assert (
        coordinator_client.get(f"/activities/{activity.pk}/roster/?date=2025-13-45").status_code
        == 404
    )
