"""A coordinator writes to an activity's participants: the ネリーズ holding or waiting for a
place on one of its dates who opted in to activity messages; not those who cancelled, not
those who did not opt in. Only activities of the coordinator's districts can be chosen."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from nerizu.models import Message, Nerizu
from networks.models import Activity, District
from participation.models import Participation
from tests.factories import ActivityFactory
from tests.html import visible_text
from tests.nerizu.factories import NerizuFactory, UserFactory
from tests.nerizu.test_messages import NEW, coordinator_for_hikarigaoka, hikarigaoka, opted_in

__all__ = ["coordinator_for_hikarigaoka", "hikarigaoka"]  # fixtures

pytestmark = pytest.mark.django_db


def fields(activity: Activity, **extra: str) -> dict[str, str]:
    return {
        "audience": "activity",
        "activity": str(activity.pk),
        "subject": "持ち物のお知らせ",
        "body": "エプロンをお持ちください。",
        **extra,
    }


def takes_part(nerizu: Nerizu, activity: Activity, status: str) -> Nerizu:
    Participation.objects.create(
        activity=activity, user=nerizu.user, date=timezone.localdate(), status=status
    )
    return nerizu


@pytest.fixture
def cafe(hikarigaoka: District) -> Activity:
    return ActivityFactory(title="ひかりカフェ（テスト）", district=hikarigaoka)


def test_only_opted_in_participants_of_the_activity_receive_it(
    coordinator_for_hikarigaoka: Client, cafe: Activity, hikarigaoka: District
) -> None:
    def person(email: str, name: str) -> Nerizu:
        return NerizuFactory(user=UserFactory(email=email), display_name=name, district=hikarigaoka)

    takes_part(
        opted_in(person("joined@example.jp", "さんか"), activity_messages=True), cafe, "confirmed"
    )
    takes_part(
        opted_in(person("waiting@example.jp", "まち"), activity_messages=True), cafe, "waiting"
    )
    takes_part(
        opted_in(person("gone@example.jp", "とりけし"), activity_messages=True), cafe, "cancelled"
    )
    takes_part(person("quiet@example.jp", "しずか"), cafe, "confirmed")  # no opt-in
    opted_in(person("other@example.jp", "べつ"), activity_messages=True)  # not taking part
    mail.outbox.clear()

    preview = coordinator_for_hikarigaoka.post(NEW, fields(cafe, action="test"))
    tested = re.search(r'name="tested" value="([^"]+)"', preview.content.decode()).group(1)
    mail.outbox.clear()
    coordinator_for_hikarigaoka.post(NEW, fields(cafe, action="send", tested=tested))

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "joined@example.jp",
        "waiting@example.jp",
    ]
    assert Message.objects.get().activity == cafe


def test_an_activity_outside_the_coordinators_districts_cannot_be_chosen(
    coordinator_for_hikarigaoka: Client, districts: list[District]
) -> None:
    elsewhere = ActivityFactory(title="よその活動", district=districts[2])

    page = coordinator_for_hikarigaoka.post(NEW, fields(elsewhere, action="preview"))

    assert "正しく選択してください" in visible_text(page)
    assert "よその活動" not in page.content.decode()
    assert not Message.objects.exists()
