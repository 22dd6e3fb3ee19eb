"""allauth's e-mails go through the outbox (core/emails.py) like every other: a mail server
that refuses loses nothing, and the reset link is not kept once the mail is sent."""

import smtplib

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from accounts.models import User
from core.emails import email_deliver
from core.models import OutboxEmail


@pytest.mark.django_db
def test_a_password_reset_mail_waits_in_the_outbox_while_the_server_refuses(
    client: Client, resident: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    response = client.post("/accounts/password/reset/", {"email": resident.email})

    assert response.status_code == 302
    row = OutboxEmail.objects.get()
    assert (row.kind, row.to, row.status) == ("password_reset_key", resident.email, "retrying")
    assert row.subject == "[練馬区社会福祉協議会] パスワードの再設定"

    monkeypatch.undo()
    OutboxEmail.objects.update(next_attempt_at=row.created_at)
    assert email_deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert "新しいパスワードを設定してください。" in mail.outbox[0].body
    assert row.body_text == ""
