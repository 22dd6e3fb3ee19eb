"""A resident switches to やさしい日本語 from the header, browses (the links keep the mode),
reads a text with and one without an easy version, and switches back. Desktop and phone,
axe-clean, no sideways scrolling."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from pillars.models import Pillar
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_switches_to_easy_japanese_browses_and_switches_back(
    new_page: Callable[..., Page], device: str
) -> None:
    pillar = Pillar.objects.get(number=2)
    pillar.name_easy = "つながる"
    pillar.statement_easy = "人と 人が つながる まちに します。"
    pillar.body_easy = "となりの 人と あいさつを します。こまった ときは、たすけあいます。"
    pillar.save()
    page = new_page(device)

    page.goto("/")
    page.get_by_role("link", name="やさしい日本語", exact=True).click()

    expect(page).to_have_url(re.compile(r"/easy/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja-x-easy")
    expect(page.get_by_role("link", name="ページの 中身へ 行く")).to_be_attached()
    check_page(page)

    # The menu's links keep the mode
    page.get_by_role("navigation", name="メニュー").get_by_role(
        "link", name="3つの 柱（大切な こと）"
    ).click()
    expect(page).to_have_url(re.compile(r"/easy/pillars/$"))
    page.get_by_role("link", name=re.compile("つながる")).first.click()

    expect(page).to_have_url(re.compile(r"/easy/pillars/2/$"))
    expect(page.get_by_text("となりの 人と あいさつを します。")).to_be_visible()
    expect(page.get_by_text("やさしい日本語が まだ ありません")).to_have_count(0)
    check_page(page)

    # A pillar without an easy text: the standard text, with the note
    page.get_by_role("navigation", name="ほかの 柱").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/easy/pillars/1/$"))
    expect(page.locator(".easy-note")).to_be_visible()
    check_page(page)

    # And back to the standard page, where the switch offers やさしい日本語 again
    page.get_by_role("link", name="ふつうの日本語", exact=True).click()
    expect(page).to_have_url(re.compile(r"/pillars/1/$"))
    assert "/easy/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("link", name="やさしい日本語", exact=True)).to_be_visible()
    expect(page.locator(".easy-note")).to_have_count(0)
    check_page(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_easy_pages_are_axe_clean_without_sideways_scrolling(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    for path in ("/easy/plan/", "/easy/forces/nerizu/", "/easy/activities/", "/easy/consult/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "ja-x-easy")
        expect(page.get_by_role("link", name="ふつうの日本語", exact=True)).to_be_visible()
        check_page(page)
