"""An invited 相談員 goes from the e-mail's link to the workspace in one flow: password, an
authenticator app, recovery codes, /staff/ — no confirmation e-mail, no second password
prompt. (The security key and the browser's view of it: tests/browser/test_staff_onboarding.py.)"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, StaffInvitation, TeamMembership
from tests.conftest import PASSWORD, client_for
from tests.consultations.conftest import TEAM_A
from tests.consultations.invitations import invite, link_in_last_mail

pytestmark = pytest.mark.django_db

NEWCOMER = "shinjin@example.jp"
SECRET = re.compile(r'<span class="secret">([A-Z2-7]+)</span>')


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def link(system_admin: User) -> str:
    invite(client_for(system_admin), email=NEWCOMER, name="新人 花子", team=TEAM_A)
    return link_in_last_mail(NEWCOMER)


def test_the_link_leads_to_the_password_step_without_the_token_in_the_address(
    client: Client, link: str
) -> None:
    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/invitation/step/password/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert NEWCOMER in text
    assert "自立相談支援" in text


def test_a_weak_password_is_refused_with_the_reason(client: Client, link: str) -> None:
    client.get(link)

    response = client.post(
        "/invitation/step/password/", {"password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert "このパスワードは一般的すぎます。" in errors
    assert "このパスワードは数字しか使われていません。" in errors
    assert "数字しか使われていません" in response.content.decode()
    assert not User.objects.filter(email=NEWCOMER).exists()
    assert StaffInvitation.objects.get().state == StaffInvitation.State.PENDING


def test_mismatched_passwords_are_refused(client: Client, link: str) -> None:
    client.get(link)

    response = client.post(
        "/invitation/step/password/", {"password1": PASSWORD, "password2": PASSWORD + "x"}
    )

    assert "2つのパスワードが一致しません" in response.content.decode()
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_from_the_link_to_the_workspace_with_an_authenticator_app(
    client: Client, link: str
) -> None:
    client.get(link)
    response = client.post(
        "/invitation/step/password/", {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == "/invitation/step/second-factor/"

    # The account: the role, the team, the address confirmed by the invitation; signed in.
    user = User.objects.get(email=NEWCOMER)
    assert user.name == "新人 花子"
    assert user.is_staff
    assert user.is_active
    assert list(user.groups.values_list("name", flat=True)) == ["相談員"]
    membership = TeamMembership.objects.get(user=user)
    assert (membership.team.slug, membership.is_supervisor) == (TEAM_A, False)
    assert EmailAddress.objects.get(user=user).verified
    invitation = StaffInvitation.objects.get()
    assert invitation.state == StaffInvitation.State.ACCEPTED
    assert invitation.accepted_user == user
    assert AccessLog.objects.filter(action=AccessLog.Action.STAFF_JOIN, user=user).exists()

    assert client.get("/invitation/step/second-factor/").status_code == 200
    page = client.get("/invitation/step/second-factor/app/")
    assert page.status_code == 200  # not allauth's reauthentication
    secret = SECRET.search(page.content.decode()).group(1)

    wrong = client.post("/invitation/step/second-factor/app/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    done = client.post("/invitation/step/second-factor/app/", {"code": code_for(secret)})
    assert done["Location"] == "/invitation/step/recovery-codes/"
    assert Authenticator.objects.filter(user=user, type="totp").exists()

    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li>([0-9a-f]{8})</li>", codes_page)
    assert len(codes) == 10

    onward = client.post("/invitation/step/recovery-codes/")
    assert onward["Location"] == "/staff/"
    dashboard = client.get("/staff/")
    assert dashboard.status_code == 200
    assert "ダッシュボード" in dashboard.content.decode()

    # The onboarding is over: the steps no longer open (allauth's pages, with their checks).
    assert client.get("/invitation/step/recovery-codes/")["Location"] == "/staff/"
    assert client.get("/invitation/step/second-factor/app/")["Location"] == "/staff/"


def test_a_supervisor_invitation_makes_a_team_supervisor(
    system_admin: User, client: Client
) -> None:
    invite(client_for(system_admin), email=NEWCOMER, name="主任", team=TEAM_A, role="主任相談員")
    client.get(link_in_last_mail(NEWCOMER))
    client.post("/invitation/step/password/", {"password1": PASSWORD, "password2": PASSWORD})

    user = User.objects.get(email=NEWCOMER)
    assert list(user.groups.values_list("name", flat=True)) == ["主任相談員"]
    assert TeamMembership.objects.get(user=user).is_supervisor


def test_the_steps_after_the_password_need_this_sessions_onboarding(
    client: Client, staff_without_mfa: User
) -> None:
    """Someone signed in some other way (no invitation in this session) gets no shortcut past
    allauth's reauthentication: the steps send them to the workspace's guard."""
    other = client_for(staff_without_mfa)
    for path in (
        "/invitation/step/second-factor/",
        "/invitation/step/second-factor/app/",
        "/invitation/step/second-factor/security-key/",
        "/invitation/step/recovery-codes/",
    ):
        assert other.get(path)["Location"] == "/staff/"
        assert client.get(path)["Location"] == "/staff/"
    assert not Authenticator.objects.filter(user=staff_without_mfa).exists()
