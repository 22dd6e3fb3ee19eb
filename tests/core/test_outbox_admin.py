"""Operators see the outbox (送信メール) and the queue's tasks in the admin, and send a failed
mail again; coordinators see neither (e-mail addresses, sign-in links)."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from core import emails
from core.models import OutboxEmail
from tests.conftest import client_for

CONTEXT = {"reference": "R-1", "waiting": 1}
QUEUE_PAGES = [
    "/admin/core/outboxemail/",
    "/admin/django_q/ormq/",
    "/admin/django_q/failure/",
    "/admin/django_q/success/",
    "/admin/django_q/schedule/",
]


@pytest.mark.django_db
def test_an_administrator_sends_a_failed_mail_again(administrator: User) -> None:
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])
    OutboxEmail.objects.filter(pk=row.pk).update(
        status=OutboxEmail.Status.FAILED, attempts=8, last_error="SMTPDataError(451)"
    )
    client = client_for(administrator)

    page = client.get("/admin/core/outboxemail/?status__exact=failed")
    assert "a@example.jp" in page.content.decode()
    response = client.post(
        "/admin/core/outboxemail/",
        {"action": "retry", "_selected_action": [row.pk]},
        follow=True,
    )

    assert "1件のメールを送信待ちに戻しました。" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 1)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_sent_mail_is_not_sent_again_by_the_action(administrator: User) -> None:
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])

    client_for(administrator).post(
        "/admin/core/outboxemail/", {"action": "retry", "_selected_action": [row.pk]}
    )

    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", QUEUE_PAGES)
def test_an_administrator_sees_the_queue(administrator: User, path: str) -> None:
    assert client_for(administrator).get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", QUEUE_PAGES)
def test_a_coordinator_does_not(coordinator_client: Client, path: str) -> None:
    assert coordinator_client.get(path).status_code == 403
