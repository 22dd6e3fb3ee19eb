"""An invitation that cannot be used says why, in Japanese, and what to do next: expired,
already used (the link works once), revoked, or a link that is not one."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations.models import StaffInvitation
from tests.conftest import PASSWORD, client_for
from tests.consultations.conftest import TEAM_A
from tests.consultations.invitations import invite, link_in_last_mail

pytestmark = pytest.mark.django_db

NEWCOMER = "shinjin@example.jp"
PASSWORDS = {"password1": PASSWORD, "password2": PASSWORD}


@pytest.fixture
def link(system_admin: User) -> str:
    invite(client_for(system_admin), email=NEWCOMER, name="新人 花子", team=TEAM_A)
    return link_in_last_mail(NEWCOMER)


def expire() -> None:
    StaffInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))


def test_an_expired_invitation_says_so_and_what_to_do(client: Client, link: str) -> None:
    expire()

    response = client.get(link)

    assert response.status_code == 410
    text = response.content.decode()
    assert "招待の有効期限が切れています" in text
    assert "招待をもう一度送るよう依頼してください" in text


def test_an_invitation_that_expires_on_the_password_step_creates_nothing(
    client: Client, link: str
) -> None:
    client.get(link)
    expire()

    response = client.post("/invitation/step/password/", PASSWORDS)

    assert response.status_code == 410
    assert "有効期限が切れています" in response.content.decode()
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_used_invitation_works_once(client: Client, link: str) -> None:
    client.get(link)
    client.post("/invitation/step/password/", PASSWORDS)
    assert User.objects.filter(email=NEWCOMER).exists()

    response = Client().get(link)

    assert response.status_code == 410
    text = response.content.decode()
    assert "この招待はすでに使われています" in text
    assert "パスワードの再設定" in text
    assert "/accounts/login/" in text


def test_a_second_tab_cannot_use_the_invitation_again(link: str) -> None:
    first, second = Client(), Client()
    first.get(link)
    second.get(link)  # both opened the link before either set a password
    first.post("/invitation/step/password/", PASSWORDS)

    response = second.post("/invitation/step/password/", PASSWORDS)

    assert response.status_code == 410
    assert "すでに使われています" in response.content.decode()
    assert User.objects.filter(email=NEWCOMER).count() == 1


@pytest.mark.parametrize(
    "path",
    ["/invitation/not-a-token/", "/invitation/abc.def/", "/invitation/step/password/"],
)
def test_a_link_that_is_not_an_invitation_says_so(client: Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert "この招待リンクは使えません" in response.content.decode()


def test_a_tampered_token_is_refused(client: Client, link: str) -> None:
    token = link.split("/")[2]
    raw, signature = token.split(".")
    tampered = f"/invitation/{raw[:-1]}{'A' if raw[-1] != 'A' else 'B'}.{signature}/"

    assert client.get(tampered).status_code == 404


def test_an_address_registered_meanwhile_says_so(client: Client, link: str) -> None:
    client.get(link)
    User.objects.create_user(NEWCOMER, PASSWORD, name="別の登録")

    response = client.post("/invitation/step/password/", PASSWORDS)

    assert response.status_code == 410
    assert "このメールアドレスはすでに登録されています" in response.content.decode()
    assert StaffInvitation.objects.get().state == StaffInvitation.State.PENDING
