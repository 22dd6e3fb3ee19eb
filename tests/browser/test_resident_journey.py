"""A resident finds their way from a hashtag to the plan's driving forces, on a desktop and a phone.

Every step is a real click on a visible link; every page on the way is axe-clean and, on the
phone, fits the screen without sideways scrolling.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_goes_from_a_hashtag_to_a_pillar_and_on_to_a_driving_force(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    # Home: the plan at a glance, with a way in by hashtag.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("第6次地域福祉活動計画")
    check_page(page)
    hashtags = page.get_by_role("region", name="ハッシュタグから探す")
    hashtags.get_by_role("link", name=re.compile(r"^#居場所")).click()

    # The hashtag's page lists its action items, each with its pillar.
    expect(page).to_have_url(re.compile(r"/tags/%E5%B1%85%E5%A0%B4%E6%89%80/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("#居場所")
    expect(page.get_by_role("heading", name="子ども食堂の紹介")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="柱3 参加する").first.click()

    # The pillar's page.
    expect(page).to_have_url(re.compile(r"/pillars/3/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("参加する")
    expect(page.get_by_role("heading", name="取組項目", exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="計画について"
    ).click()

    # The plan page and its structure diagram.
    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("第6次地域福祉活動計画")
    diagram = page.get_by_role("region", name="計画の体系図")
    expect(diagram.get_by_role("heading", name="計画の体系図")).to_be_visible()
    for pillar in ("認め合う", "つながる", "参加する"):
        expect(diagram.get_by_role("link", name=re.compile(pillar))).to_be_visible()
    check_page(page)
    diagram.get_by_role("list", name="3つの推進力").get_by_role(
        "link", name=re.compile(r"^ネリーズ")
    ).click()

    # The driving force's page, with the action items it takes part in.
    expect(page).to_have_url(re.compile(r"/forces/nerizu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("「ネリーズ」")
    expect(page.get_by_role("heading", name="「ネリーズ」が関わる取組項目")).to_be_visible()
    check_page(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_can_come_back_home_through_the_breadcrumbs(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)
    page.goto("/forces/nerizu/")

    breadcrumbs = page.get_by_role("navigation", name="現在位置")
    expect(breadcrumbs.locator("[aria-current=page]")).to_have_text("ネリーズ")
    breadcrumbs.get_by_role("link", name="3つの推進力").click()
    expect(page).to_have_url(re.compile(r"/forces/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("3つの推進力")

    page.get_by_role("navigation", name="現在位置").get_by_role("link", name="ホーム").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("第6次地域福祉活動計画")
