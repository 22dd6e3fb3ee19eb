"""The organising member organisation's editors keep the roster of their own activities (names,
answers, addresses, attendance, CSV); an editor of another organisation gets a 404 and not a
byte of it."""

import datetime as dt

import pytest

from accounts.models import User
from networks.models import Activity, MemberEditor
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.conftest import PASSWORD, client_for
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(
    offer: ParticipationSettings, activity: Activity, resident: User, day: dt.date
) -> Participation:
    return services.participation_join(
        user=resident, activity=activity, date=day, answer="そばアレルギー"
    )


def editor_of(member: object, email: str) -> User:
    user = User.objects.create_user(email, PASSWORD, name="編集 一郎")
    MemberEditor.objects.create(user=user, member=member)
    return user


def test_the_organisers_editor_sees_and_keeps_the_roster(
    joined: Participation, activity: Activity, resident: User, day: dt.date
) -> None:
    client = client_for(editor_of(activity.organiser, "organiser-editor@example.jp"))

    page = client.get(f"/activities/{activity.pk}/roster/?date={day}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "そばアレルギー" in text
    assert resident.email in text
    csv = client.get(f"/activities/{activity.pk}/roster.csv?date={day}")
    assert csv.status_code == 200
    assert "そばアレルギー" in csv.content.decode("utf-8-sig")


def test_an_editor_of_another_organisation_gets_nothing(
    joined: Participation, activity: Activity, day: dt.date
) -> None:
    client = client_for(editor_of(MemberFactory(name="別の法人"), "other-editor@example.jp"))

    for path in (
        f"/activities/{activity.pk}/roster/?date={day}",
        f"/activities/{activity.pk}/roster.csv?date={day}",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "そばアレルギー" not in response.content.decode("utf-8", "replace")
    refused = client.post(
        f"/activities/{activity.pk}/roster/?date={day}", {"attended": [joined.pk]}
    )
    assert refused.status_code == 404
    joined.refresh_from_db()
    assert not joined.attended
