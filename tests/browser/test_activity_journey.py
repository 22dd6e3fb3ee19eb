"""A resident finds an activity by district and theme, opens it and adds it to a calendar; and
walks the network's directory from a member to its facility. Desktop and phone, axe-clean,
no sideways scrolling (the pages need no JavaScript: test_without_javascript.py)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_filters_activities_opens_one_and_adds_it_to_a_calendar(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device, accept_downloads=True)

    page.goto("/activities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("活動・参加の機会")
    check_page(page)
    page.get_by_label("地区").select_option(label="石神井")
    page.get_by_label("テーマ").select_option(label="就労体験")
    page.get_by_role("button", name="この条件で表示").click()

    # The filters are in the URL and still chosen; only matching activities are listed.
    expect(page).to_have_url(re.compile(r"district=shakujii.*theme=work-experience"))
    expect(page.get_by_label("地区")).to_have_value("shakujii")
    expect(page.get_by_role("heading", name="活動 1件")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="しごと体験プログラム（サンプル）").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("しごと体験プログラム（サンプル）")
    expect(page.get_by_role("heading", name="日程")).to_be_visible()
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="カレンダーに追加").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as calendar:
        content = calendar.read().decode()
    assert content.startswith("BEGIN:VCALENDAR\r\n")
    assert content.count("BEGIN:VEVENT") == 3


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_uses_the_gojuon_index_and_opens_a_member_and_its_facility(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    page.goto("/network/")
    index = page.get_by_role("navigation", name="五十音で探す")
    index.get_by_role("link", name=re.compile(r"^は行")).click()
    expect(page).to_have_url(re.compile(r"row=%E3%81%AF"))
    check_page(page)
    page.get_by_role("link", name="ひかり福祉会（サンプル）").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ひかり福祉会（サンプル）")
    expect(page.get_by_role("heading", name="運営している施設・事業所")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="ひかりデイサービスセンター（サンプル）").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ひかりデイサービスセンター（サンプル）"
    )
    expect(page.get_by_role("heading", name="この施設で開く活動")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="ひかりサロン（サンプル）").click()
    expect(page.get_by_text("毎月第2・第4金曜日 10:00〜12:00")).to_be_visible()
    check_page(page)


def test_the_open_data_columns_table_scrolls_inside_its_own_region(phone_page: Page) -> None:
    page = phone_page
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto("/open-data/")
    section = page.get_by_role("region", name="活動・参加の機会", exact=True)
    section.get_by_text("項目の説明").click()

    region = page.get_by_role("region", name="活動・参加の機会の項目")
    expect(region).to_be_attached()
    check_page(page)
