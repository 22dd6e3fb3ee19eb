"""A coordinator changes the capacity in the admin: raising it moves people up from the waiting
list, in the order they signed up, and tells each of them; lowering it below the places taken
on an upcoming date is refused with a message (nobody loses a place silently)."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def settings_form(offer: ParticipationSettings, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "activity": offer.activity_id,
        "is_open": "on",
        "role": offer.role,
        "scope": offer.scope,
        "capacity": offer.capacity,
        "question": offer.question,
        "closes_hours_before": offer.closes_hours_before,
    }
    return data | changes


def change_url(offer: ParticipationSettings) -> str:
    return f"/admin/participation/participationsettings/{offer.pk}/change/"


@pytest.fixture
def fourth(db: None) -> User:
    return User.objects.create_user("fourth@example.jp", "x", name="関 四郎")


@pytest.fixture
def full_date(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    fourth: User,
    day: dt.date,
) -> list[Participation]:
    """Two places taken (resident, neighbour); third, then fourth, waiting."""
    rows = [
        services.participation_join(user=user, activity=activity, date=day)
        for user in (resident, neighbour, third, fourth)
    ]
    mail.outbox.clear()
    return rows


def statuses() -> dict[str, str]:
    return dict(Participation.objects.values_list("user__email", "status"))


def test_raising_the_capacity_moves_the_first_waiting_person_up_and_tells_them(
    offer: ParticipationSettings,
    full_date: list[Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(change_url(offer), settings_form(offer, capacity=3))

    assert response.status_code == 302
    assert statuses() == {
        "resident@example.jp": "confirmed",
        "neighbour@example.jp": "confirmed",
        "third@example.jp": "confirmed",  # first on the list
        "fourth@example.jp": "waiting",
    }
    assert [m.to for m in mail.outbox] == [["third@example.jp"]]
    assert "キャンセル待ちから参加が決まりました" in mail.outbox[0].subject
    page = visible_text(coordinator_client.get("/admin/participation/participationsettings/"))
    assert "キャンセル待ちの1人の参加が決まり、メールで知らせました。" in page


def test_raising_it_beyond_the_list_moves_everyone_up_in_order(
    offer: ParticipationSettings,
    full_date: list[Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(change_url(offer), settings_form(offer, capacity=10))

    assert set(statuses().values()) == {"confirmed"}
    assert [m.to for m in mail.outbox] == [["third@example.jp"], ["fourth@example.jp"]]
    assert all("キャンセル待ちから参加が決まりました" in m.subject for m in mail.outbox)


def test_the_whole_series_waiting_list_moves_up_too(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    offer.scope = ParticipationSettings.Scope.SERIES
    offer.capacity = 1
    offer.save()
    for user in (resident, neighbour, third):
        services.participation_join(user=user, activity=activity, date=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(change_url(offer), settings_form(offer, capacity=2))

    assert statuses()["neighbour@example.jp"] == "confirmed"
    assert statuses()["third@example.jp"] == "waiting"
    assert [m.to for m in mail.outbox] == [["neighbour@example.jp"]]


def test_lowering_it_below_the_places_taken_is_refused_with_a_message(
    offer: ParticipationSettings,
    full_date: list[Participation],
    coordinator_client: Client,
    day: dt.date,
) -> None:
    response = coordinator_client.post(change_url(offer), settings_form(offer, capacity=1))

    assert response.status_code == 200
    text = visible_text(response)
    assert "はすでに2人の参加が決まっているため、定員を2人より少なくできません。" in text
    offer.refresh_from_db()
    assert offer.capacity == 2
    assert statuses()["resident@example.jp"] == "confirmed"
    assert statuses()["neighbour@example.jp"] == "confirmed"
    assert mail.outbox == []


def test_lowering_it_to_the_places_taken_is_allowed_and_moves_nobody(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    day: dt.date,
    coordinator_client: Client,
) -> None:
    services.participation_join(user=resident, activity=activity, date=day)

    response = coordinator_client.post(change_url(offer), settings_form(offer, capacity=1))

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.capacity == 1


def test_the_scope_cannot_change_once_people_have_joined(
    offer: ParticipationSettings,
    full_date: list[Participation],
    coordinator_client: Client,
) -> None:
    response = coordinator_client.post(change_url(offer), settings_form(offer, scope="series"))

    assert response.status_code == 200
    assert "申込みがあるため、申込みの単位は変えられません。" in visible_text(response)
    offer.refresh_from_db()
    assert offer.scope == ParticipationSettings.Scope.OCCURRENCE
