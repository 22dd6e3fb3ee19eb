"""「ネリーズになる」 and 「参加する」 lead a visitor to sign-up (with a link to log in); after
confirming the address in the same browser they are signed in and back on the form they
started from. Confirming in another browser still works and asks to log in."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from networks.models import Activity
from participation.models import Participation, ParticipationSettings
from tests.factories import ActivityFactory, at

PASSWORD = "kaze-no-hi-no-sanpo-2025"

pytestmark = pytest.mark.django_db


def sign_up(client: Client, next_url: str, email: str = "hanako@example.jp") -> object:
    return client.post(
        f"/accounts/signup/?next={quote(next_url)}",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": next_url},
    )


def confirm(client: Client) -> object:
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    return client.post(path)


def test_the_nerizu_page_sends_visitors_to_sign_up_with_a_way_to_log_in(
    sample_data: object, client: Client
) -> None:
    text = client.get("/nerizu/").content.decode()

    assert 'href="/accounts/signup/?next=%2Fnerizu%2Fjoin%2F"' in text
    assert 'href="/accounts/login/?next=%2Fnerizu%2Fjoin%2F"' in text


def test_the_sign_up_page_links_to_log_in_keeping_the_way_back(client: Client) -> None:
    text = client.get("/accounts/signup/?next=/nerizu/join/").content.decode()

    assert "/accounts/login/?next=%2Fnerizu%2Fjoin%2F" in text


def test_after_confirming_the_new_nerizu_lands_on_the_nerizu_form(client: Client) -> None:
    sign_up(client, "/nerizu/join/")

    response = confirm(client)

    assert response.status_code == 302
    assert response["Location"] == "/nerizu/join/"
    assert client.get("/nerizu/join/").status_code == 200  # signed in


def test_after_confirming_the_resident_lands_on_the_join_form_and_then_on_my_page(
    client: Client,
) -> None:
    day = timezone.localdate() + dt.timedelta(days=7)
    activity: Activity = ActivityFactory(title="朝の体操", sessions=[at(day, 9)])
    ParticipationSettings.objects.create(activity=activity, capacity=3)
    join = f"/activities/{activity.pk}/join/?date={day}"
    sign_up(client, join)

    response = confirm(client)

    assert response["Location"] == join
    assert "手順 1／2" in client.get(join).content.decode()
    done = client.post(join, {"date": day, "confirm": "1"})
    assert done["Location"] == "/nerizu/me/"
    assert Participation.objects.get().user.email == "hanako@example.jp"


def test_confirming_in_another_browser_asks_to_log_in(client: Client) -> None:
    sign_up(client, "/nerizu/join/")

    response = confirm(Client())

    assert response["Location"].startswith("/accounts/login/")
