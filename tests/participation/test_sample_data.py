"""Sample data: two sample activities take sign-ups, and leave with the other sample records."""

import pytest
from django.core.management import call_command
from django.test import Client

from participation.models import ParticipationSettings

pytestmark = pytest.mark.django_db


def test_sample_activities_take_sign_ups_and_go_with_the_samples(
    plan: object, client: Client
) -> None:
    call_command("load_sample_data", verbosity=0)
    call_command("load_sample_data", verbosity=0)  # idempotent

    offers = ParticipationSettings.objects.select_related("activity")
    assert sorted(offer.activity.title for offer in offers) == [
        "車いす体験講座（サンプル）",
        "防災ワークショップ（サンプル）",
    ]
    workshop = offers.get(activity__title="防災ワークショップ（サンプル）").activity
    assert "参加を申し込む" in client.get(workshop.get_absolute_url()).content.decode()

    call_command("load_sample_data", "--delete", verbosity=0)
    assert not ParticipationSettings.objects.exists()
