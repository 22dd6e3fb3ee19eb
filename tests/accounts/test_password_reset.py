"""Forgotten passwords are reset through a link sent by e-mail; signed-in users change theirs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD

NEW_PASSWORD = "atarashii-aikotoba-2025"


@pytest.fixture
def verified(resident: User) -> User:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    return resident


@pytest.mark.django_db
def test_a_reset_sends_a_japanese_email_whose_link_sets_a_new_password(
    client: Client, verified: User
) -> None:
    response = client.post("/accounts/password/reset/", {"email": verified.email})

    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "[練馬区社会福祉協議会] パスワードの再設定"
    assert "新しいパスワードを設定してください。" in message.body
    link = re.search(r"https?://\S+", message.body).group(0)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    verified.refresh_from_db()
    assert verified.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_signed_in_resident_changes_their_password(client: Client, verified: User) -> None:
    client.force_login(verified)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    verified.refresh_from_db()
    assert verified.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_changing_the_password_requires_login(client: Client) -> None:
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
