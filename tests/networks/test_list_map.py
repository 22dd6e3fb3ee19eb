"""The lists' map, an enhancement: markers for the records of the page shown that have a
location, read by static/js/maps.js from a JSON script; each marker is a card of the list."""

import json
import re

import pytest
from django.test import Client

from networks.views import PER_PAGE
from tests.factories import ActivityFactory, FacilityFactory, StationFactory

pytestmark = pytest.mark.django_db


def markers(response: object) -> list[dict[str, object]]:
    html = response.content.decode()
    found = re.search(r'<script id="near-map-markers" type="application/json">(.*?)</script>', html)
    return json.loads(found[1]) if found else []


def test_each_listed_activity_with_a_place_is_a_marker_linking_to_its_page(
    client: Client,
) -> None:
    placed = ActivityFactory(title="地図にある会", latitude="35.7377", longitude="139.6542")
    ActivityFactory(title="場所のない会")

    response = client.get("/activities/")

    assert markers(response) == [
        {"title": "地図にある会", "url": placed.get_absolute_url(), "lat": 35.7377, "lng": 139.6542}
    ]
    html = response.content.decode()
    assert f'id="activity-{placed.pk}"' in html  # the same activity is a card of the list


def test_markers_are_the_records_of_the_page_shown_only(client: Client) -> None:
    for n in range(PER_PAGE + 3):
        FacilityFactory(
            name=f"施設{n:02}", name_kana=f"しせつ{n:02}", latitude=35.74, longitude=139.65
        )

    first = {m["url"] for m in markers(client.get("/network/facilities/"))}
    second = {m["url"] for m in markers(client.get("/network/facilities/?page=2"))}

    assert len(first) == PER_PAGE
    assert len(second) == 3
    assert not first & second


def test_no_map_and_no_map_script_without_any_place(client: Client) -> None:
    ActivityFactory(title="場所のない会")

    html = client.get("/activities/").content.decode()

    assert "data-near-map" not in html
    assert "leaflet" not in html


def test_the_map_is_hidden_until_javascript_draws_it(client: Client) -> None:
    ActivityFactory(latitude="35.7377", longitude="139.6542")

    html = client.get("/activities/").content.decode()

    div = re.search(r'<div class="near-map"[^>]*>', html, re.S)[0]
    assert " hidden>" in div
    assert 'data-tile-url="https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"' in div
    assert 'data-attribution="地理院タイル"' in div


def test_the_page_has_no_inline_script_or_style(client: Client) -> None:
    ActivityFactory(latitude="35.7377", longitude="139.6542", stations=[StationFactory()])

    html = client.get("/activities/").content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert " style=" not in html
    assert "<style" not in html


def test_the_csp_lets_images_come_from_the_tile_host_and_nothing_else_changes(
    client: Client,
) -> None:
    csp = client.get("/activities/").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["img-src"] == "'self' data: https://cyberjapandata.gsi.go.jp"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"


def test_the_maps_stylesheets_never_hold_up_the_first_paint(client: Client) -> None:
    ActivityFactory(title="地図にある会", latitude="35.7377", longitude="139.6542")

    html = client.get("/activities/").content.decode()

    head = html.split("</head>")[0]
    assert "leaflet.css" not in head  # no render-blocking stylesheet for a map drawn later
    assert not re.search(r'<link rel="stylesheet" href="[^"]*/map\.', head)
    stylesheets = re.search(r'data-stylesheets="([^"]+)"', html)
    assert stylesheets, "the map names the stylesheets maps.js asks for"
    assert [href.rsplit("/", 1)[-1].split(".")[0] for href in stylesheets[1].split()] == [
        "leaflet",
        "map",
    ]
