"""Coordinators set up sign-ups and call a date off (or move it) in the admin; everyone who
joined is told."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings

pytestmark = pytest.mark.django_db


def test_a_coordinator_lets_an_activity_take_sign_ups(
    activity: Activity, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        "/admin/participation/participationsettings/add/",
        {
            "activity": activity.pk,
            "is_open": "on",
            "role": "helper",
            "scope": "occurrence",
            "capacity": "8",
            "question": "",
            "closes_hours_before": "48",
        },
    )

    assert response.status_code == 302
    offer = ParticipationSettings.objects.get()
    assert offer.role == ParticipationSettings.Role.HELPER
    assert offer.capacity == 8


def test_calling_a_date_off_in_the_admin_tells_who_joined(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    services.participation_join(user=resident, activity=activity, date=day)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/admin/participation/occurrencechange/add/",
            {"activity": activity.pk, "date": day, "kind": "cancelled", "reason": "会場の工事"},
        )

    assert response.status_code == 302
    assert OccurrenceChange.objects.get().reason == "会場の工事"
    assert Participation.objects.get().status == Participation.Status.CALLED_OFF
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_moving_needs_the_new_date(
    offer: ParticipationSettings, activity: Activity, coordinator_client: Client, day: dt.date
) -> None:
    response = coordinator_client.post(
        "/admin/participation/occurrencechange/add/",
        {"activity": activity.pk, "date": day, "kind": "moved", "reason": "雨"},
    )

    assert response.status_code == 200
    assert "変更後の開催日を入力してください。" in response.content.decode()
    assert not OccurrenceChange.objects.exists()


def test_the_admin_lists_open_for_a_coordinator(
    offer: ParticipationSettings, coordinator_client: Client
) -> None:
    for model in ("participationsettings", "participation", "occurrencechange"):
        assert coordinator_client.get(f"/admin/participation/{model}/").status_code == 200


@pytest.mark.parametrize(
    ("days_later", "change", "message"),
    [
        (0, {"date": "2001-01-01"}, "終わった開催日は中止・変更できません。"),
        (
            0,
            {"kind": "moved", "moved_to": "2001-01-01"},
            "変更後の開催日は、今日以降の日にしてください。",
        ),
        (1, {}, "この日はこの活動の開催日ではありません。"),
    ],
)
def test_calling_off_or_moving_needs_a_coming_date_of_the_activity(
    offer: ParticipationSettings,
    activity: Activity,
    coordinator_client: Client,
    day: dt.date,
    days_later: int,
    change: dict[str, object],
    message: str,
) -> None:
    data: dict[str, object] = {
        "activity": activity.pk,
        "date": day + dt.timedelta(days=days_later),
        "kind": "cancelled",
        "reason": "会場の工事",
    }

    response = coordinator_client.post("/admin/participation/occurrencechange/add/", data | change)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OccurrenceChange.objects.exists()
