"""An idle staff session ends after STAFF_SESSION_IDLE_MINUTES; an active one does not."""

import time

import pytest
from django.test import Client

from staff.middleware import LAST_SEEN_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(staff_a_client: Client) -> Client:
    return staff_a_client


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - minutes * 60
    session.save()


def test_it_logs_out_a_session_idle_longer_than_the_limit(staff_client: Client, settings) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    assert staff_client.get("/staff/").status_code == 200
    idle_for(staff_client, 31)

    response = staff_client.get("/staff/cases/", follow=True)

    assert response.redirect_chain[0] == ("/accounts/login/?next=%2Fstaff%2Fcases%2F", 302)
    assert "一定時間操作がなかったため、ログアウトしました" in response.content.decode()
    assert "_auth_user_id" not in staff_client.session
    assert staff_client.get("/staff/").status_code == 302


def test_it_keeps_a_session_that_was_used_within_the_limit(staff_client: Client, settings) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff_client.get("/staff/")
    idle_for(staff_client, 29)
    assert staff_client.get("/staff/").status_code == 200


def test_the_limit_comes_from_the_setting(staff_client: Client, settings) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    staff_client.get("/staff/")
    idle_for(staff_client, 6)
    assert staff_client.get("/staff/").status_code == 302


def test_the_mark_is_refreshed_at_most_once_a_minute(staff_client: Client, settings) -> None:
    """A page view does not also write the session row every time; a minute's slack."""
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff_client.get("/staff/")
    first = staff_client.session[LAST_SEEN_SESSION_KEY]
    staff_client.get("/staff/")
    assert staff_client.session[LAST_SEEN_SESSION_KEY] == first

    idle_for(staff_client, 2)
    staff_client.get("/staff/")
    assert staff_client.session[LAST_SEEN_SESSION_KEY] > time.time() - 10


def test_an_idle_case_worker_is_logged_out_of_the_admin_too(staff_client: Client, settings) -> None:
    """The admin shows case workers the inquiries: the idle limit holds there as well."""
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    assert staff_client.get("/admin/consultations/inquiry/").status_code == 200
    idle_for(staff_client, 31)

    response = staff_client.get("/admin/consultations/inquiry/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in staff_client.session


def test_a_coordinator_in_the_admin_is_not_affected(coordinator_client: Client, settings) -> None:
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    session = coordinator_client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - 31 * 60
    session.save()

    assert coordinator_client.get("/admin/").status_code == 200
