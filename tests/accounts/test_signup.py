"""Signing up with an e-mail address: a Japanese verification e-mail, then the link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.html import visible_text

PASSWORD = "kaze-no-hi-no-sanpo-2025"


def sign_up(client: Client, email: str = "hanako@example.jp") -> object:
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def link_in(message: mail.EmailMessage) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.mark.django_db
def test_signing_up_sends_a_japanese_verification_email(client: Client) -> None:
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    assert message.subject == "[練馬区社会福祉協議会] メールアドレスの確認のお願い"
    assert "練馬区社会福祉協議会 地域福祉活動計画のウェブサイトからのお知らせです。" in message.body
    assert "次のリンクを開いて、メールアドレスの確認を済ませてください。" in message.body
    assert "/accounts/confirm-email/" in link_in(message)
    user = User.objects.get(email="hanako@example.jp")
    assert not EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_the_page_after_sign_up_says_to_check_the_mail_in_japanese(client: Client) -> None:
    response = client.get(sign_up(client)["Location"])

    assert response.status_code == 200
    assert "メールアドレスを確認してください" in visible_text(response)


@pytest.mark.django_db
def test_the_link_in_the_email_verifies_the_address(client: Client) -> None:
    sign_up(client)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert "メールアドレスの確認" in visible_text(page)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="hanako@example.jp").verified


@pytest.mark.django_db
def test_a_mistyped_repeat_password_is_refused_in_japanese(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"email": "hanako@example.jp", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "同じパスワードを入力してください。" in visible_text(response)
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_an_address_already_in_use_gets_no_second_account(client: Client, resident: User) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    sign_up(client, email=resident.email)

    assert User.objects.filter(email=resident.email).count() == 1
    # The owner is told by e-mail (the page does not reveal that the address is registered).
    assert mail.outbox[0].to == [resident.email]
    assert mail.outbox[0].subject.startswith("[練馬区社会福祉協議会] ")
