"""The site needs no JavaScript: with JavaScript switched off every page of the resident's
journey renders and every link on the way still navigates. The only scripts are static files
that enhance (the lists' maps, static/js/maps.js) and the JSON data they read."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGES, assert_no_horizontal_scroll, path_of, visit


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_resident_journey_works_with_javascript_switched_off(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device, java_script_enabled=False)

    visit(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("第6次地域福祉活動計画")
    page.get_by_role("link", name=re.compile(r"^#居場所")).click()

    expect(page).to_have_url(re.compile(r"/tags/%E5%B1%85%E5%A0%B4%E6%89%80/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("#居場所")
    page.get_by_role("link", name="柱3 参加する").first.click()

    expect(page).to_have_url(re.compile(r"/pillars/3/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("参加する")
    page.get_by_role("link", name="子ども食堂の紹介").click()

    expect(page).to_have_url(re.compile(r"/pillars/3/actions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("子ども食堂の紹介")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="計画について"
    ).click()

    expect(page).to_have_url(re.compile(r"/plan/$"))
    diagram = page.get_by_role("region", name="計画の体系図")
    expect(diagram.get_by_role("link", name=re.compile("参加する"))).to_be_visible()
    diagram.get_by_role("list", name="3つの推進力").get_by_role(
        "link", name=re.compile(r"^ネリーズ")
    ).click()

    expect(page).to_have_url(re.compile(r"/forces/nerizu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("「ネリーズ」")
    assert_no_horizontal_scroll(page)

    # The language switch is a plain link too.
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/forces/nerizu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_no_public_page_ships_code_in_the_page_or_an_event_handler(
    new_page: Callable[..., Page],
) -> None:
    page = new_page("desktop", java_script_enabled=False)
    static_or_data = "script[src^='/static/'], script[type='application/json']"

    for url in [*PAGES, "/no-such-page/"]:
        visit(page, path_of(url), status=404 if url == "/no-such-page/" else 200)
        scripts = page.locator("script")
        assert scripts.count() == page.locator(static_or_data).count(), url
        handlers = page.evaluate(
            """[...document.querySelectorAll("*")].flatMap(
                el => [...el.attributes].filter(a => a.name.startsWith("on")).map(a => a.name))"""
        )
        assert handlers == [], url
        assert page.locator("a[href^='javascript:' i]").count() == 0, url


def test_without_javascript_the_list_stays_and_the_map_stays_hidden(
    new_page: Callable[..., Page],
) -> None:
    page = new_page("phone", java_script_enabled=False)

    visit(page, "/activities/")

    expect(page.locator("[data-near-map]")).to_be_hidden()
    page.get_by_label("最寄り駅").select_option(label="光が丘")
    page.get_by_role("button", name="この条件で表示").click()
    expect(page.get_by_role("link", name="ひかりサロン（サンプル）")).to_be_visible()
    assert_no_horizontal_scroll(page)
