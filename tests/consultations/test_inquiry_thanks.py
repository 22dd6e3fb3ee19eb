"""The thanks page shows the reference number, to the person who sent the inquiry only."""

import pytest
from django.test import Client

from consultations.models import Inquiry
from tests.consultations.conftest import PERSONAL, inquiry_data
from tests.html import visible_text


@pytest.mark.django_db
def test_the_sender_sees_the_reference_number_and_nothing_else_they_sent(
    submit: object, client: Client
) -> None:
    submit(inquiry_data())
    reference = Inquiry.objects.get().reference

    response = client.get("/consult/thanks/")

    assert response.status_code == 200
    text = visible_text(response)
    assert f"受付番号{reference}" in text
    assert "お選びいただいた方法でご連絡します" in text
    for typed in PERSONAL.values():
        assert typed.replace(" ", "") not in text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_reference_is_not_in_the_address(submit: object) -> None:
    response = submit(inquiry_data())

    assert response["Location"] == "/consult/thanks/"
    assert Inquiry.objects.get().reference not in response["Location"]


@pytest.mark.django_db
def test_it_stays_on_reload(submit: object, client: Client) -> None:
    submit(inquiry_data())
    reference = Inquiry.objects.get().reference

    client.get("/consult/thanks/")
    assert reference in client.get("/consult/thanks/").content.decode()


@pytest.mark.django_db
def test_an_anonymous_sender_is_told_no_reply_will_come(submit: object, client: Client) -> None:
    submit(inquiry_data(name="", anonymous="on", contact_method="none", phone="", email=""))

    text = visible_text(client.get("/consult/thanks/"))

    assert "こちらからはご連絡しません" in text


@pytest.mark.django_db
def test_another_browser_does_not_see_the_reference(submit: object, staff_client: Client) -> None:
    submit(inquiry_data())
    reference = Inquiry.objects.get().reference

    for other in (Client(), staff_client):
        response = other.get("/consult/thanks/")
        assert response.status_code == 302
        assert response["Location"] == "/consult/"
        assert reference not in response.content.decode()


@pytest.mark.django_db
def test_a_second_inquiry_shows_its_own_reference(submit: object, client: Client) -> None:
    submit(inquiry_data())
    submit(inquiry_data(message="もうひとつ相談があります。"))
    first, second = Inquiry.objects.order_by("received_at", "pk")

    html = client.get("/consult/thanks/").content.decode()

    assert second.reference in html
    assert first.reference not in html
