"""Near me, in real Chromium: a resident finds an activity by station, and on the map (marker,
popup, link, by mouse and by keyboard); a coordinator picks a place on the admin's map; a
district's 居場所マップ prints on A4 (print media, screenshot kept with the test output).

Tiles come from the local tile server of conftest.py; every request to another host is
blocked and listed, and each test asserts there was none."""

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from networks.models import Activity
from tests.browser.conftest import (
    LocalTiles,
    assert_axe_clean,
    assert_no_horizontal_scroll,
    visit,
)
from tests.conftest import PASSWORD

SALON = "ひかりサロン（サンプル）"


def wait_for_the_map(page: Page) -> None:
    expect(page.locator("[data-near-map]")).to_be_visible()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_finds_an_activity_by_station_and_on_the_map(
    new_page: Callable[..., Page],
    device: str,
    local_tiles: LocalTiles,
    external_requests: list[str],
) -> None:
    page = new_page(device)

    visit(page, "/activities/")
    page.get_by_label("最寄り駅").select_option(label="光が丘")
    page.get_by_role("button", name="この条件で表示").click()

    expect(page).to_have_url(re.compile(r"station=\d+"))
    expect(page.get_by_label("最寄り駅")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_role("heading", name="活動 1件")).to_be_visible()
    expect(page.get_by_role("link", name=SALON)).to_be_visible()
    wait_for_the_map(page)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("地理院タイル")
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)

    # The marker is the listed activity; its popup links to the activity's page.
    marker = page.get_by_role("button", name=SALON)
    marker.click()
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_role("link", name=SALON)).to_be_visible()
    assert_axe_clean(page)
    popup.get_by_role("link", name=SALON).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SALON)
    expect(page.get_by_text("光が丘（都営大江戸線）")).to_be_visible()  # its nearest station
    assert any(path.endswith(".png") for path in local_tiles.requested)
    assert external_requests == []


def test_the_markers_work_from_the_keyboard(
    new_page: Callable[..., Page], external_requests: list[str]
) -> None:
    page = new_page("desktop")

    visit(page, "/activities/")
    wait_for_the_map(page)
    marker = page.get_by_role("button", name=SALON)
    marker.focus()
    page.keyboard.press("Enter")

    link = page.locator(".leaflet-popup").get_by_role("link", name=SALON)
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(SALON)
    assert external_requests == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_marker_is_a_card_of_the_list(
    new_page: Callable[..., Page], device: str, external_requests: list[str]
) -> None:
    page = new_page(device)

    visit(page, "/network/facilities/")
    wait_for_the_map(page)

    # Markers closer than a finger's width are one marker naming them all (「A、B」)
    markers = page.locator(".leaflet-marker-icon")
    alts = [markers.nth(i).get_attribute("alt") or "" for i in range(markers.count())]
    names = sorted(name for alt in alts for name in alt.split("、"))
    cards = page.locator(".card-list .card__title a")
    listed = sorted(cards.nth(i).inner_text() for i in range(cards.count()))
    assert names
    assert names == listed
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)
    assert external_requests == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_printable_maps_are_axe_clean(
    new_page: Callable[..., Page], device: str, external_requests: list[str]
) -> None:
    page = new_page(device)

    visit(page, "/activities/places-to-belong-map/")
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="練馬地区の居場所マップ").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("練馬地区")
    expect(page.get_by_role("img", name=re.compile("のページのQRコード")).first).to_be_visible()
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)
    assert external_requests == []


def test_a_districts_place_map_prints_on_a4(
    new_page: Callable[..., Page],
    tmp_path: Path,
    record_property: Callable[[str, object], None],
    external_requests: list[str],
) -> None:
    page = new_page("desktop")
    visit(page, "/activities/places-to-belong-map/districts/nerima/")

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".breadcrumbs")).to_be_hidden()
    expect(page.get_by_role("heading", name=re.compile("練馬駅"))).to_be_visible()
    # A4 at 96 dpi (210 mm) less the margins; each entry kept whole beside its QR code
    page.set_viewport_size({"width": 794, "height": 1123})
    screenshot = tmp_path / "place-map-nerima-print.png"
    page.screenshot(path=screenshot, full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    (tmp_path / "place-map-nerima.pdf").write_bytes(pdf)
    kept = Path("test-results") / "near-me"  # git-ignored; pytest's tmp dirs are pruned
    kept.mkdir(parents=True, exist_ok=True)
    (kept / screenshot.name).write_bytes(screenshot.read_bytes())
    record_property("screenshot", str(screenshot))
    print(f"\n居場所マップ (print media): {screenshot}")

    assert screenshot.stat().st_size > 10_000
    # The PDF's pages are A4 (595 × 842 points), as @page asks
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595.3) < 1
        assert abs(float(height) - 841.9) < 1
    assert external_requests == []


def test_a_coordinator_picks_a_place_on_the_admins_map(
    new_page: Callable[..., Page], coordinator: User, external_requests: list[str]
) -> None:
    activity = Activity.objects.get(title=SALON)
    page = new_page("desktop")
    visit(page, f"/admin/login/?next=/admin/networks/activity/{activity.pk}/change/")
    page.get_by_label("メールアドレス").fill(coordinator.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()

    picker = page.locator("[data-map-picker] .map-picker__map")
    expect(picker).to_be_visible()
    expect(page.locator("[data-map-picker] .leaflet-tile-loaded").first).to_be_visible()
    before = page.locator("#id_latitude").input_value()
    picker.click(position={"x": 60, "y": 60})

    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert latitude != before
    assert re.fullmatch(r"35\.\d{6}", latitude)
    assert re.fullmatch(r"139\.\d{6}", longitude)
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".messagelist")).to_be_visible()
    activity.refresh_from_db()
    assert activity.latitude == Decimal(latitude)
    assert activity.longitude == Decimal(longitude)
    assert external_requests == []
