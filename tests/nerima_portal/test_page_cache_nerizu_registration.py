"""A resident's ネリーズ registration changes the district counts on the next anonymous /nerizu/."""

import pytest
from django.test import Client

from nerizu.models import Nerizu
from networks.models import District
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_a_registration_shows_in_the_counts_at_once(resident_client: Client, plan: object) -> None:
    before = cached("/nerizu/")

    response = resident_client.post(
        "/nerizu/join/",
        {
            "display_name": "ひかりん",
            "district": District.objects.get(slug="hikarigaoka").pk,
            "how_to_help": "月に一度、サロンの準備を手伝いたい。",
            "agree": "on",
        },
    )

    assert response.status_code == 302
    assert Nerizu.objects.count() == 1
    assert_shows_the_change("/nerizu/", before)
