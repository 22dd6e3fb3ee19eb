"""Open data carries where facilities and activities are: latitude, longitude (WGS 84, empty
when not recorded) and the nearest stations."""

import csv
import io
import json

import pytest
from django.test import Client

from tests.factories import ActivityFactory, FacilityFactory, StationFactory

pytestmark = pytest.mark.django_db


def content(response: object) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_facilities_csv_has_the_place_and_stations(client: Client) -> None:
    nerima, ekoda = StationFactory(name="練馬"), StationFactory(name="江古田")
    FacilityFactory(
        name="地図のある家", latitude="35.7377", longitude="139.6542", stations=[ekoda, nerima]
    )
    FacilityFactory(name="場所のない家")

    rows = list(csv.DictReader(io.StringIO(content(client.get("/open-data/facilities.csv")))))

    placed, unplaced = sorted(rows, key=lambda row: row["名称"] != "地図のある家")
    assert (placed["緯度"], placed["経度"]) == ("35.7377", "139.6542")
    assert placed["最寄り駅"] in ("江古田、練馬", "練馬、江古田")
    assert (unplaced["緯度"], unplaced["経度"], unplaced["最寄り駅"]) == ("", "", "")


def test_the_activities_json_has_numbers_and_a_station_list(client: Client) -> None:
    ActivityFactory(
        latitude="35.7585", longitude="139.6283", stations=[StationFactory(name="光が丘")]
    )

    (record,) = json.loads(content(client.get("/open-data/activities.json")))["records"]

    assert record["latitude"] == 35.7585
    assert record["longitude"] == 139.6283
    assert record["stations"] == ["光が丘"]
