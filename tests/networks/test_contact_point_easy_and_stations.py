"""A contact point is Located and has やさしい日本語 texts like the other places residents read
about: its page names its nearest stations, and /easy/ shows the easy way there (or the
standard text with the note when there is none)."""

from decimal import Decimal

import pytest
from django.test import Client

from networks.models import ContactPoint, Station
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db: None) -> ContactPoint:
    office = ContactPoint.objects.create(
        name="石神井地区事務所（テスト）",
        phone="03-0000-0130",
        access="石神井公園駅南口から徒歩5分。",
        access_easy="しゃくじいこうえんえきから、あるいて5ふんです。",
        latitude=Decimal("35.743600"),
        longitude=Decimal("139.606800"),
    )
    station = Station.objects.create(
        name="石神井公園", name_kana="しゃくじいこうえん", lines="西武池袋線"
    )
    office.stations.add(station)
    return office


def test_the_page_names_the_nearest_stations(office: ContactPoint, client: Client) -> None:
    text = visible_text(client.get(office.get_absolute_url()))

    assert "最寄り駅" in text
    assert "石神井公園（西武池袋線）" in text
    assert "石神井公園駅南口から徒歩5分。" in text


def test_the_easy_page_shows_the_easy_way_there(office: ContactPoint, client: Client) -> None:
    text = visible_text(client.get(f"/easy/contact/{office.pk}/"))

    assert "しゃくじいこうえんえきから、あるいて5ふんです。" in text
    assert "石神井公園駅南口から徒歩5分。" not in text


def test_half_a_location_is_refused_in_japanese(office: ContactPoint) -> None:
    from django.core.exceptions import ValidationError

    office.longitude = None
    with pytest.raises(ValidationError) as refused:
        office.full_clean()
    assert "経度" in str(refused.value)
