"""Staff hear of each inquiry by e-mail, without a word of what the resident wrote."""

import logging

import pytest
from django.core import mail
from django.test import Client

from consultations.models import Inquiry
from consultations.services import inquiry_notify_staff
from core.models import OutboxEmail
from tests.consultations.conftest import PERSONAL, inquiry_data, mail_texts

STAFF = ["soudan@nerima-shakyo.example.jp", "kakari@nerima-shakyo.example.jp"]


@pytest.fixture
def notify_staff(settings: object) -> None:
    settings.INQUIRY_NOTIFY_EMAILS = STAFF
    settings.SITE_URL = "https://portal.example.jp"


@pytest.mark.django_db
def test_staff_are_told_the_reference_and_where_to_read_it(
    notify_staff: None, submit: object
) -> None:
    submit(inquiry_data())
    inquiry = Inquiry.objects.get()

    # Each member of staff gets their own message: no address is shown to another.
    assert [message.to for message in mail.outbox] == [[address] for address in STAFF]
    message = mail.outbox[0]
    assert inquiry.reference in message.subject
    assert "\n" not in message.subject
    assert inquiry.reference in message.body
    assert f"https://portal.example.jp/admin/consultations/inquiry/{inquiry.pk}/change/" in (
        message.body
    )
    assert "未対応の申込み：1件" in message.body


@pytest.mark.parametrize("contact_method", ["phone", "email"])
@pytest.mark.django_db
def test_the_mail_holds_no_personal_details(
    notify_staff: None, submit: object, contact_method: str
) -> None:
    submit(inquiry_data(contact_method=contact_method))

    assert len(mail.outbox) == len(STAFF)
    for text in (text for message in mail.outbox for text in mail_texts(message)):
        for key, typed in PERSONAL.items():
            assert typed not in text, key
        # Not even a fragment of the name, the number or the story.
        for fragment in ("石神井", "よし子", "9876", "yoshiko", "母", "兄"):
            assert fragment not in text
        # Nor the topic or the district: sensitive on their own, and of no use without signing in.
        for choice in ("孤立・ひきこもり", "shakujii", "isolation"):
            assert choice not in text


@pytest.mark.django_db
def test_the_mail_is_japanese_even_from_the_english_form(
    notify_staff: None, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/consult/", inquiry_data(), REMOTE_ADDR="198.51.100.1")

    assert response["Location"] == "/en/consult/thanks/"
    message = mail.outbox[0]
    assert "相談の申込みが届きました" in message.subject
    assert "未対応の申込み" in message.body


@pytest.mark.django_db
def test_a_failing_mail_server_loses_nothing_and_the_resident_sees_no_error(
    notify_staff: None,
    submit: object,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    with caplog.at_level(logging.WARNING):
        response = submit(inquiry_data())

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert client.get("/consult/thanks/").status_code == 200
    # Kept in the outbox, to be tried again later (core/emails.py), and logged without details.
    waiting = OutboxEmail.objects.filter(kind="inquiry_received")
    assert sorted(waiting.values_list("to", "status")) == sorted(
        (address, OutboxEmail.Status.RETRYING) for address in STAFF
    )
    assert inquiry.reference in waiting.first().subject
    assert "(inquiry_received) refused" in caplog.text
    for typed in PERSONAL.values():
        assert typed not in caplog.text


@pytest.mark.django_db
def test_without_recipients_it_logs_a_warning_and_sends_nothing(
    settings: object, an_inquiry: Inquiry, caplog: pytest.LogCaptureFixture
) -> None:
    settings.INQUIRY_NOTIFY_EMAILS = []

    with caplog.at_level(logging.WARNING, logger="consultations.services"):
        assert inquiry_notify_staff(inquiry=an_inquiry) is False

    assert not mail.outbox
    assert "INQUIRY_NOTIFY_EMAILS is empty" in caplog.text


@pytest.mark.django_db
def test_no_mail_for_a_refused_submission(notify_staff: None, submit: object) -> None:
    submit(inquiry_data(consent=""))

    assert not mail.outbox
