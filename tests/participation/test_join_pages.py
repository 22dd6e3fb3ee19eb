"""The join form in two steps, cancelling from マイページ, and the join panel on the page."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation.models import Participation, ParticipationSettings
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def join_url(activity: Activity) -> str:
    return f"/activities/{activity.pk}/join/"


def test_it_joins_in_two_steps_and_lands_on_my_page(
    offer: ParticipationSettings, activity: Activity, resident_client: Client, day: dt.date
) -> None:
    page = resident_client.get(f"{join_url(activity)}?date={day}")
    assert page.status_code == 200
    assert "手順 1／2" in page.content.decode()

    step_two = resident_client.post(join_url(activity), {"date": day, "answer": "なし"})
    assert "手順 2／2" in step_two.content.decode()
    assert not Participation.objects.exists()  # nothing yet: only the confirmation

    done = resident_client.post(
        join_url(activity), {"date": day, "answer": "なし", "confirm": "1"}, follow=True
    )
    assert done.redirect_chain[-1][0] == "/nerizu/me/"
    participation = Participation.objects.get()
    assert participation.answer == "なし"
    text = done.content.decode()
    assert "参加を申し込みました。" in text
    assert "参加予定" in text
    assert activity.title in text


def test_a_date_that_is_not_offered_is_explained_next_to_the_field(
    offer: ParticipationSettings, activity: Activity, resident_client: Client, day: dt.date
) -> None:
    response = resident_client.post(
        join_url(activity), {"date": "2001-01-01", "answer": "卵", "confirm": "1"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "選んだ日には申し込めません" in text
    assert "卵" in text  # what was typed is kept
    assert not Participation.objects.exists()


def test_joining_twice_is_refused_with_a_message(
    offer: ParticipationSettings, activity: Activity, resident_client: Client, day: dt.date
) -> None:
    data = {"date": day, "answer": "", "confirm": "1"}
    resident_client.post(join_url(activity), data)

    again = resident_client.post(join_url(activity), data)

    assert "すでに申し込んでいます" in again.content.decode()
    assert Participation.objects.count() == 1


def test_the_join_form_asks_visitors_to_log_in(
    offer: ParticipationSettings, activity: Activity
) -> None:
    response = Client().get(join_url(activity))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_activity_without_sign_ups_has_no_join_form(
    activity: Activity, resident_client: Client
) -> None:
    assert resident_client.get(join_url(activity)).status_code == 404


def test_the_activity_page_sends_visitors_to_sign_up_and_back(
    offer: ParticipationSettings, activity: Activity, client: Client, day: dt.date
) -> None:
    text = client.get(activity.get_absolute_url()).content.decode()

    target = f"/accounts/signup/?next=%2Factivities%2F{activity.pk}%2Fjoin%2F%3Fdate%3D{day}"
    assert target in text
    assert "残り2人" in text
    assert "/accounts/login/?next=" in text


def test_the_activity_page_sends_residents_straight_to_the_form(
    offer: ParticipationSettings, activity: Activity, resident_client: Client, day: dt.date
) -> None:
    text = resident_client.get(activity.get_absolute_url()).content.decode()

    assert f'href="/activities/{activity.pk}/join/?date={day}"' in text


def test_cancelling_from_my_page(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    resident_client: Client,
    day: dt.date,
) -> None:
    resident_client.post(join_url(activity), {"date": day, "answer": "", "confirm": "1"})
    participation = Participation.objects.get()
    cancel = f"/my/participations/{participation.pk}/cancel/"

    assert resident_client.get(cancel).status_code == 200
    response = resident_client.post(cancel)

    assert response["Location"] == "/nerizu/me/"
    participation.refresh_from_db()
    assert participation.status == Participation.Status.CANCELLED
    assert activity.title not in resident_client.get("/nerizu/me/").content.decode()


def test_nobody_cancels_someone_elses_place(
    offer: ParticipationSettings,
    activity: Activity,
    resident_client: Client,
    neighbour: User,
    day: dt.date,
) -> None:
    resident_client.post(join_url(activity), {"date": day, "answer": "", "confirm": "1"})
    participation = Participation.objects.get()

    response = client_for(neighbour).post(f"/my/participations/{participation.pk}/cancel/")

    assert response.status_code == 404
    participation.refresh_from_db()
    assert participation.status == Participation.Status.CONFIRMED


def test_a_place_on_a_date_that_is_over_is_not_given_up_and_moves_nobody_up(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    third: User,
    day: dt.date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from participation import services
    from tests.networks.calendar_days import set_today

    place = services.participation_join(user=resident, activity=activity, date=day)
    services.participation_join(user=neighbour, activity=activity, date=day)
    waiting = services.participation_join(user=third, activity=activity, date=day)
    set_today(monkeypatch, day + dt.timedelta(days=1))

    response = client_for(resident).post(f"/my/participations/{place.pk}/cancel/")

    assert response.status_code == 404
    place.refresh_from_db()
    waiting.refresh_from_db()
    assert place.status == Participation.Status.CONFIRMED
    assert waiting.status == Participation.Status.WAITING
