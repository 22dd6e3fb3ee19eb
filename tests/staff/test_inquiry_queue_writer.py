"""The inquiry queue says who wrote (and, for family, how they are related), so staff know
before taking it that the writer may not be the person in need."""

import pytest
from django.test import Client

from consultations.models import Inquiry
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_the_queue_shows_a_family_writer_and_the_relationship(
    an_inquiry: Inquiry, staff_a_client: Client
) -> None:
    an_inquiry.writer = Inquiry.Writer.FAMILY
    an_inquiry.about_relationship = Inquiry.AboutRelationship.SIBLING
    an_inquiry.save()

    text = visible_text(staff_a_client.get("/staff/inquiries/"))

    assert "送信した方ご家族・ご親族（相談したい方は送信した方のきょうだい）" in text


def test_an_inquiry_that_did_not_say_shows_not_recorded(
    an_inquiry: Inquiry, staff_a_client: Client
) -> None:
    assert "送信した方未記入" in visible_text(staff_a_client.get("/staff/inquiries/"))
