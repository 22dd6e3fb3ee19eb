"""core.emails.send stores each e-mail in the outbox, in the caller's transaction, and a task
delivers it: once, later if the mail server refuses, and again if a worker died mid-send.
(With real processes and a real SMTP server: test_task_queue_faults.py.)"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_q.models import OrmQ

from core import emails
from core.emails import email_deliver, emails_deliver_overdue
from core.models import OutboxEmail
from tests.tasks import run_queued_tasks

CONTEXT = {"reference": "R-1", "waiting": 1}


@pytest.fixture
def refusing_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPDataError(451, b"Try again later")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


@pytest.mark.django_db
def test_each_recipient_gets_their_own_mail_once() -> None:
    rows = emails.send("inquiry_received", CONTEXT, to=["a@example.jp", "b@example.jp"])

    assert [message.to for message in mail.outbox] == [["a@example.jp"], ["b@example.jp"]]
    for row, message in zip(rows, mail.outbox, strict=True):
        row.refresh_from_db()
        assert row.status == OutboxEmail.Status.SENT
        assert row.sent_at is not None
        assert message.extra_headers["Message-ID"] == row.message_id
        assert "R-1" in row.subject
        assert row.body_text == ""  # erased once sent: bodies may hold sign-in links


@pytest.mark.django_db
def test_a_mail_already_sent_is_not_sent_again() -> None:
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])

    assert email_deliver(row.pk) == "skipped"
    assert email_deliver(row.pk) == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_delivery_is_queued_with_the_row(queue_tasks: None) -> None:
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])

    assert OrmQ.objects.count() == 1
    assert not mail.outbox
    assert run_queued_tasks() == 1
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert not OrmQ.objects.exists()  # acknowledged


@pytest.mark.django_db
def test_nothing_is_stored_or_queued_when_the_callers_transaction_rolls_back(
    queue_tasks: None,
) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])
            raise RuntimeError("the change that caused the mail failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not OutboxEmail.objects.exists()
    assert not OrmQ.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_refused_mail_waits_longer_each_time_then_fails(
    refusing_server: None, settings: object
) -> None:
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    settings.EMAIL_MAX_ATTEMPTS = 3
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])
    waits = []
    for _attempt in range(2):
        row.refresh_from_db()
        assert row.status == OutboxEmail.Status.RETRYING
        assert "451" in row.last_error
        waits.append(round((row.next_attempt_at - timezone.now()).total_seconds() / 60))
        assert email_deliver(row.pk) == "skipped"  # not due yet
        OutboxEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        email_deliver(row.pk)

    row.refresh_from_db()
    assert waits == [1, 2]
    assert (row.status, row.attempts) == (OutboxEmail.Status.FAILED, 3)
    assert row.body_text  # kept, to be sent again by an operator
    assert not mail.outbox


@pytest.mark.django_db
def test_a_mail_left_sending_by_a_dead_worker_is_sent_after_its_lease(queue_tasks: None) -> None:
    (row,) = emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])
    OrmQ.objects.all().delete()  # the task went with the worker
    claimed_until = timezone.now() + timedelta(seconds=60)
    OutboxEmail.objects.filter(pk=row.pk).update(
        status=OutboxEmail.Status.SENDING, attempts=1, claimed_until=claimed_until
    )

    assert emails_deliver_overdue() == 0  # another worker may still be sending it
    assert email_deliver(row.pk) == "skipped"
    OutboxEmail.objects.filter(pk=row.pk).update(claimed_until=timezone.now())
    assert emails_deliver_overdue() == 1
    run_queued_tasks()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 2)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_mail_to_its_own_task(queue_tasks: None) -> None:
    emails.send("inquiry_received", CONTEXT, to=["a@example.jp"])

    assert emails_deliver_overdue() == 0
    assert OrmQ.objects.count() == 1
