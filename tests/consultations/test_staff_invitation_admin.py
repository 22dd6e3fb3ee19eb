"""Only a 管理者 (second factor checked) invites staff from the admin; the invitation stores a
hash of its token, never the link, and the access log records who invited whom."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, StaffInvitation, token_digest
from tests.conftest import client_for
from tests.consultations.conftest import TEAM_A, make_staff
from tests.consultations.invitations import INVITATIONS, invite, link_in_last_mail

pytestmark = pytest.mark.django_db

NEWCOMER = "shinjin@example.jp"


@pytest.fixture
def admin_client(system_admin: User) -> Client:
    return client_for(system_admin)


def test_a_system_admin_invites_a_staff_member_by_e_mail(
    admin_client: Client, system_admin: User
) -> None:
    response = invite(admin_client, email=NEWCOMER, name="新人 花子", team=TEAM_A)

    assert response.status_code == 302
    invitation = StaffInvitation.objects.get()
    assert (invitation.email, invitation.name, invitation.team.slug, invitation.role) == (
        NEWCOMER,
        "新人 花子",
        TEAM_A,
        "相談員",
    )
    assert invitation.state == StaffInvitation.State.PENDING
    assert invitation.created_by == system_admin
    hours = (invitation.expires_at - invitation.created_at).total_seconds() / 3600
    assert hours == 72
    message = mail.outbox[-1]
    assert message.to == [NEWCOMER]
    assert "相談業務画面への招待" in message.subject
    assert "1回だけ" in message.body
    assert "自立相談支援" in message.body
    # The link's token is stored only as a hash.
    token = link_in_last_mail(NEWCOMER).split("/")[2]
    raw = token.split(".")[0]
    assert invitation.token_hash == token_digest(raw)
    assert raw not in invitation.token_hash
    log = AccessLog.objects.get(action=AccessLog.Action.STAFF_INVITE)
    assert log.user == system_admin
    assert NEWCOMER in log.detail


def test_the_expiry_is_configurable(admin_client: Client, settings: object) -> None:
    settings.STAFF_INVITATION_HOURS = 24
    invite(admin_client, email=NEWCOMER, name="新人", team=TEAM_A)

    invitation = StaffInvitation.objects.get()
    assert (invitation.expires_at - invitation.created_at).total_seconds() == 24 * 3600


def test_an_address_with_an_account_or_a_pending_invitation_is_refused(
    admin_client: Client, staff_a: User
) -> None:
    response = invite(admin_client, email=staff_a.email, name="重複", team=TEAM_A)
    assert response.status_code == 200
    assert "すでに登録されています" in response.content.decode()
    assert staff_a.email in response.content.decode()  # what was typed is kept

    invite(admin_client, email=NEWCOMER, name="新人", team=TEAM_A)
    response = invite(admin_client, email=NEWCOMER.upper(), name="新人", team=TEAM_A)
    assert response.status_code == 200
    assert "まだ使われていない招待があります" in response.content.decode()
    assert StaffInvitation.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    ["staff_a", "supervisor_a", "coordinator", "superuser_without_mfa", "admin_without_code"],
)
def test_nobody_but_a_system_admin_with_the_code_may_invite(
    who: str, request: pytest.FixtureRequest, system_admin: User
) -> None:
    if who == "superuser_without_mfa":
        client = client_for(User.objects.create_superuser("root@example.jp", "pw", name="root"))
    elif who == "admin_without_code":
        client = client_for(system_admin, second_factor=False)
    else:
        client = client_for(request.getfixturevalue(who))

    assert client.get(INVITATIONS).status_code in (302, 403)
    assert client.get(f"{INVITATIONS}add/").status_code in (302, 403)
    response = invite(client, email=NEWCOMER, name="新人", team=TEAM_A)

    assert response.status_code in (302, 403)
    assert not StaffInvitation.objects.exists()
    assert not mail.outbox


def test_sending_again_replaces_the_link(admin_client: Client) -> None:
    invite(admin_client, email=NEWCOMER, name="新人", team=TEAM_A)
    first = link_in_last_mail(NEWCOMER)
    invitation = StaffInvitation.objects.get()

    response = admin_client.post(
        INVITATIONS, {"action": "send_again", "_selected_action": [invitation.pk]}
    )

    assert response.status_code == 302
    second = link_in_last_mail(NEWCOMER)
    assert second != first
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 302


def test_a_revoked_invitation_says_so(admin_client: Client) -> None:
    invite(admin_client, email=NEWCOMER, name="新人", team=TEAM_A)
    link = link_in_last_mail(NEWCOMER)
    invitation = StaffInvitation.objects.get()

    admin_client.post(INVITATIONS, {"action": "revoke", "_selected_action": [invitation.pk]})

    response = Client().get(link)
    assert response.status_code == 410
    assert "この招待は取り消されました" in response.content.decode()


def test_the_admin_can_invite_a_supervisor(admin_client: Client) -> None:
    make_staff("other@example.jp", "他", team=TEAM_A)
    invite(admin_client, email=NEWCOMER, name="主任", team=TEAM_A, role="主任相談員")

    assert StaffInvitation.objects.get().is_supervisor
