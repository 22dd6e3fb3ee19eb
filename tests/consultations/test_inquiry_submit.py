"""consultations.services.inquiry_submit: the stored row, unique references, mail after commit."""

import itertools

import pytest
from django.core import mail
from django.db import transaction

from consultations import services
from consultations.models import Inquiry
from consultations.services import inquiry_submit
from tests.consultations.conftest import PERSONAL


def submit_one(**changes: object) -> Inquiry:
    fields = {
        **PERSONAL,
        "contact_method": "phone",
        "district": None,
        "topic": "care",
        "sender_ip": "192.0.2.10",
    }
    return inquiry_submit(**(fields | changes))


@pytest.mark.django_db
def test_a_clashing_reference_is_replaced_by_a_fresh_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = submit_one().reference
    references = itertools.chain([taken, taken], itertools.repeat("ZZZZ-2222"))
    monkeypatch.setattr(services, "new_reference", lambda: next(references))

    inquiry = submit_one()

    assert inquiry.reference == "ZZZZ-2222"
    assert Inquiry.objects.count() == 2


@pytest.mark.django_db
def test_the_mail_waits_for_the_commit(
    settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.INQUIRY_NOTIFY_EMAILS = ["soudan@example.jp"]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_one()

    assert not mail.outbox
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_no_mail_when_the_inquiry_is_rolled_back(settings: object) -> None:
    settings.INQUIRY_NOTIFY_EMAILS = ["soudan@example.jp"]

    def submit_then_fail() -> None:
        with transaction.atomic():
            submit_one()
            raise RuntimeError("something after the submission failed")

    with pytest.raises(RuntimeError):
        submit_then_fail()

    assert not Inquiry.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_out_once_committed(settings: object) -> None:
    settings.INQUIRY_NOTIFY_EMAILS = ["soudan@example.jp"]

    inquiry = submit_one()

    (message,) = mail.outbox
    assert inquiry.reference in message.subject
