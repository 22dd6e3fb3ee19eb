"""What a resident sends through /consult/ is ciphertext in the database, also once taken into
a case, and reads back as text where the rules allow it."""

import re

import pytest
from django.db import connection

from consultations import services
from consultations.models import Inquiry
from core import crypto
from tests.consultations.conftest import PERSONAL, inquiry_data


def raw_inquiries() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consultations_inquiry")
        return cursor.fetchall()


# What the portal makes itself, where four digits turn up by chance: the sender key's hex
# digest (for the rate limit) and the reference read out by phone. Timestamps and numbers are
# not text and are left out too.
MADE_BY_THE_PORTAL = re.compile(r"[0-9a-f]{32,}|[2-9A-Z]{4}-[2-9A-Z]{4}")


def assert_only_ciphertext(rows: list[tuple]) -> None:
    stored = repr(
        [
            value
            for row in rows
            for value in row
            if isinstance(value, str) and not MADE_BY_THE_PORTAL.fullmatch(value)
        ]
    )
    for key, typed in PERSONAL.items():
        assert typed not in stored, key
    # Nor any telling part of them (the digits of the number, the mailbox, a phrase).
    for fragment in ("9876", "5432", "yoshiko", "shakujii@", "石神井 よし子", "八十代"):
        assert fragment not in stored, fragment


@pytest.mark.django_db
def test_a_submitted_inquiry_is_stored_as_ciphertext_only(submit) -> None:
    response = submit(inquiry_data())
    assert response.status_code == 302

    rows = raw_inquiries()
    assert len(rows) == 1
    assert_only_ciphertext(rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, email, message FROM consultations_inquiry")
        stored = cursor.fetchone()
    assert all(value.startswith(crypto.PREFIX) for value in stored)


@pytest.mark.django_db
def test_the_app_reads_the_submitted_values_back(submit) -> None:
    submit(inquiry_data())

    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.phone, inquiry.email, inquiry.message) == (
        PERSONAL["name"],
        PERSONAL["phone"],
        PERSONAL["email"],
        PERSONAL["message"],
    )
    assert not inquiry.is_anonymous


@pytest.mark.django_db
def test_an_anonymous_inquiry_stays_anonymous(submit) -> None:
    submit(inquiry_data(name="", anonymous="on", contact_method="none", phone="", email=""))

    inquiry = Inquiry.objects.get()
    assert inquiry.is_anonymous
    assert (inquiry.name, inquiry.phone, inquiry.email) == ("", "", "")
    assert inquiry.message == PERSONAL["message"]


@pytest.mark.django_db
def test_the_inquiry_stays_ciphertext_after_it_became_a_case(submit, staff_a) -> None:
    submit(inquiry_data())

    case = services.inquiry_take(inquiry=Inquiry.objects.get(), user=staff_a)

    assert_only_ciphertext(raw_inquiries())
    # The intake copied the decrypted values into the case's person and main concern.
    assert (case.person.name, case.person.phone, case.person.email) == (
        PERSONAL["name"],
        PERSONAL["phone"],
        PERSONAL["email"],
    )
    assert case.main_concern == PERSONAL["message"]
    assert Inquiry.objects.get().status == Inquiry.Status.TAKEN
