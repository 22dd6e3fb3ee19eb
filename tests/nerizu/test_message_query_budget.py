"""The pages of messages to ネリーズ and マイページ's following page keep the same number of
queries with ten times the recipients, messages and follows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core import emails
from nerizu.models import Following, Message, MessageDelivery
from networks.models import Coordinator, District
from tests.conftest import client_for
from tests.factories import HashtagFactory
from tests.nerizu.factories import NerizuFactory

BUDGET = 14


def fill(coordinator: User, district: District, size: int) -> Message:
    """`size` opted-in ネリーズ and hashtags, and `size` messages (the last one to all)."""
    for _ in range(size):
        following = Following.objects.create(
            user=NerizuFactory(district=district).user, district_messages=True
        )
        following.hashtags.add(HashtagFactory())
    for n in range(size):
        message = Message.objects.create(
            sender=coordinator, audience="district", district=district, subject=f"s{n}", body="b"
        )
    for nerizu in district.nerizu.all():
        (email,) = emails.send("inquiry_received", {"waiting": 1}, to=[nerizu.user.email])
        MessageDelivery.objects.create(message=message, nerizu=nerizu, email=email)
    return message


def counts(client: Client, message: Message, district: District) -> dict[str, int]:
    result = {}
    gets = {
        "list": "/nerizu/messages/",
        "new": "/nerizu/messages/new/",
        "log": f"/nerizu/messages/{message.pk}/",
    }
    for name, path in gets.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        result[name] = len(queries)
    preview = {
        "audience": "district",
        "district": district.pk,
        "subject": "s",
        "body": "b",
        "action": "preview",
    }
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/nerizu/messages/new/", preview).status_code == 200
    result["preview"] = len(queries)
    return result


@pytest.mark.django_db
def test_message_pages_stay_within_budget_with_ten_times_the_data(
    coordinator: User, districts: list[District]
) -> None:
    district = districts[1]
    Coordinator.objects.create(name="担当", account=coordinator).districts.set([district])
    client = client_for(coordinator)

    small = counts(client, fill(coordinator, district, 3), district)
    large = counts(client, fill(coordinator, district, 30), district)

    assert small == large
    assert max(large.values()) <= BUDGET, large


@pytest.mark.django_db
def test_the_following_page_stays_within_budget_with_ten_times_the_hashtags(
    resident: User, districts: list[District]
) -> None:
    client = client_for(resident)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/nerizu/me/following/").status_code == 200
        return len(queries)

    HashtagFactory.create_batch(5)
    small = count()
    HashtagFactory.create_batch(45)

    assert count() == small <= BUDGET
