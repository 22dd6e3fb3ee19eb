"""The session store (core.sessions) reads each request's own session, by SQL compiled once
per process: browsers asking in turn each get their own account, and a session past its
expiry date is not used, however recently the same query ran."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.conftest import client_for
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def account_page(client: Client) -> str:
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    return visible_text(response)


def test_browsers_in_turn_each_get_their_own_session(resident: User, coordinator: User) -> None:
    browsers = {resident: client_for(resident), coordinator: client_for(coordinator)}

    for user in [resident, coordinator, resident, coordinator]:
        text = account_page(browsers[user])
        other = coordinator if user == resident else resident
        assert user.email in text
        assert other.email not in text


def test_an_expired_session_is_not_used(resident: User, coordinator: User) -> None:
    resident_browser, coordinator_browser = client_for(resident), client_for(coordinator)
    assert resident.email in account_page(resident_browser)

    Session.objects.filter(session_key=resident_browser.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert coordinator.email in account_page(coordinator_browser)  # the query ran again

    response = resident_browser.get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
