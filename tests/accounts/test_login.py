"""Logging in with e-mail and password, only once the address is verified; logging out."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD
from tests.html import visible_text


def log_in(client: Client, email: str = "resident@example.jp", password: str = PASSWORD) -> object:
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_login_requires_a_verified_address(client: Client, resident: User) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=False, primary=True)

    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    # A fresh verification e-mail goes out.
    assert mail.outbox[-1].subject == "[練馬区社会福祉協議会] メールアドレスの確認のお願い"
    assert client.get("/nerizu/me/").status_code == 302


@pytest.mark.django_db
def test_a_verified_resident_logs_in_and_out(client: Client, resident: User) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    response = log_in(client)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk
    assert client.get("/nerizu/me/").status_code == 200

    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_returns_to_the_page_that_asked_for_it(client: Client, resident: User) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    response = client.post(
        "/accounts/login/?next=/nerizu/join/",
        {"login": resident.email, "password": PASSWORD, "next": "/nerizu/join/"},
    )

    assert response["Location"] == "/nerizu/join/"


@pytest.mark.django_db
def test_a_wrong_password_is_refused_in_japanese(client: Client, resident: User) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    response = log_in(client, password="wrong-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "入力されたメールアドレスもしくはパスワードが正しくありません。" in visible_text(
        response
    )
