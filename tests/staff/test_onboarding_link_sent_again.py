"""A staff invitation sent again (the admin's 「選んだ招待をもう一度送る」) leaves its earlier link
dead also in a browser that opened it before: no account is made from it, and the new link
works."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import StaffInvitation
from tests.conftest import PASSWORD, client_for
from tests.consultations.conftest import TEAM_A
from tests.consultations.invitations import INVITATIONS, invite, link_in_last_mail

pytestmark = pytest.mark.django_db

NEWCOMER = "shinjin@example.jp"
PASSWORDS = {"password1": PASSWORD, "password2": PASSWORD}


def test_the_earlier_link_opened_before_sets_no_password(system_admin: User) -> None:
    admin = client_for(system_admin)
    invite(admin, email=NEWCOMER, name="新人 花子", team=TEAM_A)
    browser = Client()
    browser.get(link_in_last_mail(NEWCOMER))
    invitation = StaffInvitation.objects.get()

    admin.post(INVITATIONS, {"action": "send_again", "_selected_action": [invitation.pk]})

    response = browser.post("/invitation/step/password/", PASSWORDS)
    assert response.status_code == 404
    assert not User.objects.filter(email=NEWCOMER).exists()
    assert Client().get(link_in_last_mail(NEWCOMER)).status_code == 302
