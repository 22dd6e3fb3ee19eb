"""The admin shows consultation staff the decrypted inquiry (and nobody else anything); a
status change there keeps the row encrypted."""

import pytest
from django.db import connection
from django.test import Client

from consultations.models import Inquiry
from tests.consultations.conftest import PERSONAL, inquiry_data


def change_page(inquiry: Inquiry) -> str:
    return f"/admin/consultations/inquiry/{inquiry.pk}/change/"


def raw_inquiries() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, email, message FROM consultations_inquiry")
        return repr(cursor.fetchall())


@pytest.mark.django_db
def test_staff_read_the_submitted_values_in_the_admin(submit, staff_client: Client) -> None:
    submit(inquiry_data())

    html = staff_client.get(change_page(Inquiry.objects.get())).content.decode()

    for key, typed in PERSONAL.items():
        assert typed in html, key
    assert "fernet:" not in html


@pytest.mark.django_db
def test_coordinators_see_neither_the_values_nor_the_ciphertext(
    submit, coordinator_client: Client
) -> None:
    submit(inquiry_data())

    response = coordinator_client.get(change_page(Inquiry.objects.get()))

    assert response.status_code == 403
    html = response.content.decode()
    for typed in PERSONAL.values():
        assert typed not in html
    assert "fernet:" not in html


@pytest.mark.django_db
def test_a_status_change_in_the_admin_keeps_the_row_encrypted(submit, staff_client: Client) -> None:
    submit(inquiry_data())
    inquiry = Inquiry.objects.get()

    response = staff_client.post(change_page(inquiry), {"status": Inquiry.Status.CLOSED})

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert (inquiry.name, inquiry.message) == (PERSONAL["name"], PERSONAL["message"])
    stored = raw_inquiries()
    for typed in PERSONAL.values():
        assert typed not in stored
