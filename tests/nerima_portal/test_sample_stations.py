"""Sample data for "near me": real Nerima stations with their real lines (approximate
coordinates, marked is_sample), and every sample activity and facility placed near one."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from networks.models import Activity, Facility, Station
from networks.sample_content import DISTRICT_STATIONS, STATIONS
from tests.factories import StationFactory

pytestmark = pytest.mark.django_db

# A few facts checked by hand against the railway companies' route maps
LINES = {
    "練馬": "西武池袋線・西武有楽町線・西武豊島線・都営大江戸線",
    "豊島園": "西武豊島線・都営大江戸線",
    "光が丘": "都営大江戸線",
    "平和台": "東京メトロ有楽町線・東京メトロ副都心線",
    "小竹向原": "東京メトロ有楽町線・東京メトロ副都心線・西武有楽町線",
    "上石神井": "西武新宿線",
    "武蔵関": "西武新宿線",
    "大泉学園": "西武池袋線",
}


def test_sample_data_lists_real_nerima_stations_with_their_lines(sample_data: object) -> None:
    stations = {station.name: station for station in Station.objects.all()}

    assert len(stations) == len(STATIONS) >= 18
    for name, lines in LINES.items():
        assert stations[name].lines == lines
    assert "東大泉" not in stations  # a town, not a station
    assert set(Station.objects.values_list("is_sample", flat=True)) == {True}
    for station in stations.values():  # in the ward or just over its border
        assert Decimal("35.70") < station.latitude < Decimal("35.78")
        assert Decimal("139.55") < station.longitude < Decimal("139.69")


def test_every_sample_place_is_near_one_of_its_districts_stations(sample_data: object) -> None:
    for model in (Activity, Facility):
        for place in model.objects.prefetch_related("stations").select_related("district"):
            (station,) = place.stations.all()
            assert station.name in DISTRICT_STATIONS[place.district.slug]
            assert abs(place.latitude - station.latitude) < Decimal("0.006"), place
            assert abs(place.longitude - station.longitude) < Decimal("0.006"), place


def test_an_activity_at_a_facility_is_placed_where_the_facility_is(sample_data: object) -> None:
    for activity in Activity.objects.filter(facility__isnull=False).select_related("facility"):
        assert (activity.latitude, activity.longitude) == (
            activity.facility.latitude,
            activity.facility.longitude,
        )
        assert set(activity.stations.all()) == set(activity.facility.stations.all())


def test_a_station_a_coordinator_entered_is_kept_as_it_is(plan: object) -> None:
    StationFactory(name="練馬", lines="（コーディネーターが入力）", latitude=None, longitude=None)

    call_command("load_sample_data", verbosity=0)
    call_command("load_sample_data", verbosity=0)  # twice: nothing is added again

    nerima = Station.objects.get(name="練馬")
    assert nerima.lines == "（コーディネーターが入力）"
    assert not nerima.is_sample
    assert Station.objects.count() == len(STATIONS)
    call_command("load_sample_data", "--delete", verbosity=0)
    assert list(Station.objects.values_list("name", flat=True)) == ["練馬"]


def test_ten_copies_share_the_stations(plan: object) -> None:
    call_command("load_sample_data", "--copies", "10", verbosity=0)

    assert Station.objects.count() == len(STATIONS)
    assert not Activity.objects.filter(latitude__isnull=True).exists()
