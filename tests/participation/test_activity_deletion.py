"""An activity residents have joined is not deleted in silence: the admin refuses while its
coming dates hold places (or a waiting list), and says to call the dates off first, which
tells everyone. Once nobody is left waiting for a coming date, it can be deleted.

Only an administrator meets this: a coordinator may not delete sign-up records at all, so
Django already refuses them any activity that ever had one (the page names the records)."""

import datetime as dt

import pytest

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def delete_page(activity: Activity) -> str:
    return f"/admin/networks/activity/{activity.pk}/delete/"


@pytest.fixture
def place(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> Participation:
    """The resident's place on a coming date of the activity."""
    return services.participation_join(user=resident, activity=activity, date=day)


def test_an_activity_with_places_on_a_coming_date_is_not_deleted(
    place: Participation, activity: Activity, administrator: User
) -> None:
    admin = client_for(administrator)

    page = admin.get(delete_page(activity)).content.decode()
    response = admin.post(delete_page(activity), {"post": "yes"})

    assert "これからの開催日の参加申込み（キャンセル待ちを含む）が1件あります" in page
    assert "開催日の中止・変更" in page
    assert response.status_code == 200  # the page again, saying why
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_delete_action_on_a_selection_refuses_too(
    place: Participation, activity: Activity, administrator: User
) -> None:
    response = client_for(administrator).post(
        "/admin/networks/activity/",
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )

    assert "これからの開催日の参加申込み" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_once_the_places_are_given_up_the_activity_can_be_deleted(
    place: Participation, activity: Activity, administrator: User
) -> None:
    services.participation_cancel(participation=place)

    response = client_for(administrator).post(delete_page(activity), {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
