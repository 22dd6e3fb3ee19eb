"""Coordinators keep stations in the admin and give activities and facilities a place (the
map picker: latitude and longitude inputs with a map beside them) and nearest stations."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from networks.models import Activity, Facility, Station
from tests.admin_forms import form_data
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, StationFactory
from tests.html import visible_text
from tests.networks.test_activity_admin import activity_form

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_station(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/admin/networks/station/add/",
        {
            "name": "練馬高野台",
            "name_kana": "ねりまたかのだい",
            "lines": "西武池袋線",
            "latitude": "35.7404",
            "longitude": "139.6169",
        },
    )

    assert response.status_code == 302
    station = Station.objects.get()
    assert (station.name, station.lines) == ("練馬高野台", "西武池袋線")
    assert station.latitude == Decimal("35.740400")
    assert station.kana_row == "な"
    assert not station.is_sample


def test_a_coordinator_places_an_activity_and_names_its_stations(
    coordinator_client: Client,
) -> None:
    nerima, toshimaen = StationFactory(name="練馬"), StationFactory(name="豊島園")
    form = activity_form(
        MemberFactory().pk,
        latitude="35.738012",
        longitude="139.653101",
        stations=[str(nerima.pk), str(toshimaen.pk)],
    )

    response = coordinator_client.post("/admin/networks/activity/add/", form)

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.latitude, activity.longitude) == (Decimal("35.738012"), Decimal("139.653101"))
    assert set(activity.stations.all()) == {nerima, toshimaen}


def test_the_change_form_has_the_map_picker_beside_plain_inputs(
    coordinator_client: Client,
) -> None:
    activity = ActivityFactory(latitude="35.7377", longitude="139.6542")

    html = coordinator_client.get(f"/admin/networks/activity/{activity.pk}/change/").content
    html = html.decode()

    assert re.search(r'<input type="number" name="latitude" value="35\.737700"', html)
    assert re.search(r'<input type="number" name="longitude" value="139\.654200"', html)
    picker = re.search(r'<div class="map-picker"[^>]*>', html)[0]
    assert 'data-latitude="id_latitude"' in picker
    assert 'data-longitude="id_longitude"' in picker
    assert " hidden" in picker  # shown by static/js/maps.js; without JavaScript the inputs stay
    assert re.search(r'<script src="/static/vendor/leaflet/leaflet\.(\w+\.)?js"', html)
    assert re.search(r'<script src="/static/js/maps\.(\w+\.)?js"', html)


def test_the_facility_form_has_the_picker_and_saves_as_it_was(
    coordinator_client: Client,
) -> None:
    facility = FacilityFactory(latitude="35.7436", longitude="139.6068")
    page = coordinator_client.get(f"/admin/networks/facility/{facility.pk}/change/")
    assert 'class="map-picker"' in page.content.decode()

    response = coordinator_client.post(
        f"/admin/networks/facility/{facility.pk}/change/", form_data(page)
    )

    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.latitude == Decimal("35.743600")


def test_half_a_location_is_refused_with_a_message_and_keeps_what_was_typed(
    coordinator_client: Client,
) -> None:
    form = activity_form(MemberFactory().pk, latitude="35.74", longitude="")

    response = coordinator_client.post("/admin/networks/activity/add/", form)

    assert response.status_code == 200
    assert "緯度を入れたときは経度も入力してください。" in visible_text(response)
    assert 'name="latitude" value="35.74"' in response.content.decode()
    assert not Activity.objects.exists()


def test_a_longitude_typed_as_latitude_is_refused(coordinator_client: Client) -> None:
    form = activity_form(MemberFactory().pk, latitude="139.65", longitude="35.73")

    response = coordinator_client.post("/admin/networks/activity/add/", form)

    assert response.status_code == 200
    text = visible_text(response)
    assert "緯度は20から46までの数で入力してください（経度と逆ではありませんか）。" in text
    assert "経度は122から154までの数で入力してください（緯度と逆ではありませんか）。" in text
    assert not Activity.objects.exists()


def test_residents_cannot_reach_the_station_admin(resident_client: Client) -> None:
    response = resident_client.get("/admin/networks/station/")

    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]


def test_deleting_a_station_keeps_its_activities(coordinator_client: Client) -> None:
    station = StationFactory(name="練馬")
    activity = ActivityFactory(stations=[station])

    coordinator_client.post(f"/admin/networks/station/{station.pk}/delete/", {"post": "yes"})

    assert not Station.objects.exists()
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert Facility.stations.through.objects.count() == 0
