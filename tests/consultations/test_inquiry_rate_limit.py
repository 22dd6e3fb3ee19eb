"""At most five inquiries an hour from one sender; the sixth keeps its text and waits."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from consultations.models import Inquiry
from consultations.services import sender_key_for
from tests.consultations.conftest import PERSONAL, SENDER_IP, inquiry_data
from tests.html import visible_text


def send_five(submit: object, *, ip: str = SENDER_IP) -> None:
    for n in range(5):
        assert submit(inquiry_data(message=f"{n}回目の相談です。"), ip=ip).status_code == 302


@pytest.mark.django_db
def test_the_sixth_inquiry_in_an_hour_is_refused_with_429_and_keeps_everything_typed(
    submit: object,
) -> None:
    send_five(submit)

    response = submit(inquiry_data())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    text = visible_text(response)
    assert "まだ送信されていません" in text
    assert "入力した内容は、下のフォームにそのまま残っています" in text
    html = response.content.decode()
    for typed in PERSONAL.values():
        assert typed in html
    assert '<option value="shakujii" selected>' in html
    assert 'value="isolation" required id="id_topic_4" checked' in html
    assert Inquiry.objects.count() == 5
    assert not Inquiry.objects.filter(message=PERSONAL["message"]).exists()


@pytest.mark.django_db
def test_the_limited_sender_gets_no_reference(submit: object, client: Client) -> None:
    send_five(submit)
    fifth = Inquiry.objects.order_by("-received_at", "-pk").first().reference

    submit(inquiry_data())

    # The thanks page still shows the fifth inquiry's number: nothing new was accepted.
    assert fifth in client.get("/consult/thanks/").content.decode()


@pytest.mark.django_db
def test_other_senders_are_not_affected(submit: object) -> None:
    send_five(submit)

    assert submit(inquiry_data(), ip="198.51.100.23").status_code == 302


@pytest.mark.django_db
def test_the_sender_may_send_again_once_the_hour_has_passed(submit: object) -> None:
    send_five(submit)
    Inquiry.objects.update(received_at=timezone.now() - dt.timedelta(minutes=61))

    assert submit(inquiry_data()).status_code == 302
    assert Inquiry.objects.count() == 6


@pytest.mark.django_db
def test_invalid_submissions_do_not_count(submit: object) -> None:
    for _ in range(6):
        submit(inquiry_data(message=""))

    assert submit(inquiry_data()).status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
    submit: object, client: Client
) -> None:
    send_five(submit)

    response = client.post(
        "/consult/", inquiry_data(), REMOTE_ADDR=SENDER_IP, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    settings: object, submit: object, client: Client
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for n in range(5):
        response = client.post(
            "/consult/",
            inquiry_data(message=f"{n}"),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {SENDER_IP}",  # the left part is the client's word
        )
        assert response.status_code == 302

    limited = client.post(
        "/consult/", inquiry_data(), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=SENDER_IP
    )
    other = client.post(
        "/consult/", inquiry_data(), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.5"
    )

    assert limited.status_code == 429
    assert other.status_code == 302


def test_ipv6_senders_are_counted_per_64_network(settings: object) -> None:
    assert sender_key_for("2001:db8:1:2::10") == sender_key_for("2001:db8:1:2:ffff::1")
    assert sender_key_for("2001:db8:1:2::10") != sender_key_for("2001:db8:1:3::10")
    assert sender_key_for("192.0.2.1") != sender_key_for("192.0.2.2")


def test_the_sender_key_is_keyed_with_the_secret(settings: object) -> None:
    before = sender_key_for("192.0.2.1")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdefghijklmnop"

    assert sender_key_for("192.0.2.1") != before
    assert len(before) == 64
