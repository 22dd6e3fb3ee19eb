"""Text size, colours and ふりがな in Chromium: switched by links (JavaScript off), remembered
while browsing, read once by screen readers, no sideways scrolling at 360 px with 特大, and
axe-clean on a desktop and a phone in every combination."""

import itertools
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from core.preferences import CONTRASTS, COOKIE, FURIGANA, SIZES
from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    axe_violations,
    describe_violations,
    visit,
)

PAGES = ["/", "/pillars/1/", "/activities/", "/consult/"]


OPTIONS = {
    ("文字サイズ", "標準"): "size=standard",
    ("文字サイズ", "特大"): "size=x-large",
    ("配色", "標準"): "contrast=standard",
    ("配色", "高コントラスト"): "contrast=high",
    ("ふりがな", "なし"): "furigana=off",
    ("ふりがな", "あり"): "furigana=on",
}


def switch(page: Page, group: str, option: str) -> None:
    """Clicks a switch link. Found by its URL: with ふりがな on, Playwright's own accessible
    names put a space around each <ruby> (Chromium's do not: see accessibility_tree)."""
    link = page.locator(f'.display-switch a[href^="/display/?{OPTIONS[group, option]}&"]')
    expect(link).to_have_text(re.compile(option[0]))
    link.click()


def with_preferences(page: Page, site: str, value: str) -> None:
    page.context.add_cookies([{"name": COOKIE, "value": value, "url": site}])


def test_the_switches_work_without_javascript_and_stay_while_browsing(
    new_page: Callable[..., Page],
) -> None:
    page = new_page("phone", java_script_enabled=False)
    visit(page, "/pillars/1/")

    switch(page, "文字サイズ", "特大")
    expect(page).to_have_url(re.compile(r"/pillars/1/$"))
    switch(page, "配色", "高コントラスト")
    switch(page, "ふりがな", "あり")

    expect(page.locator("html")).to_have_class("text-x-large contrast-high furigana")
    page.locator('.site-nav a[href="/pillars/"]').click()
    expect(page.locator("html")).to_have_class("text-x-large contrast-high furigana")
    for group, option in (("文字サイズ", "特大"), ("配色", "高コントラスト"), ("ふりがな", "あり")):
        link = page.locator(f'.display-switch a[href^="/display/?{OPTIONS[group, option]}&"]')
        expect(link).to_have_attribute("aria-current", "true")

    switch(page, "ふりがな", "なし")
    switch(page, "文字サイズ", "標準")
    switch(page, "配色", "標準")
    expect(page.locator("html")).not_to_have_attribute("class", "text-x-large")
    assert page.locator("ruby").count() == 0


def accessibility_tree(page: Page) -> tuple[str, list[tuple[str, str]]]:
    """What Chromium gives assistive technology (its accessibility tree, over the DevTools
    protocol): the page's text in reading order, and the names of its links, headings,
    groups and landmarks."""
    session = page.context.new_cdp_session(page)
    nodes = {node["nodeId"]: node for node in session.send("Accessibility.getFullAXTree")["nodes"]}
    session.detach()
    root = next(node for node in nodes.values() if "parentId" not in node)
    text: list[str] = []
    names: list[tuple[str, str]] = []

    def walk(node: dict) -> None:  # type: ignore[type-arg]
        role = node.get("role", {}).get("value", "")
        name = node.get("name", {}).get("value", "")
        if not node.get("ignored"):
            if role == "StaticText":
                text.append(name)
            elif name and role not in ("InlineTextBox", "RootWebArea"):
                names.append((role, name))
        for child in node.get("childIds", []):
            if child in nodes:
                walk(nodes[child])

    walk(root)
    return "".join(text), names


def test_with_furigana_screen_readers_read_the_page_once(desktop_page: Page) -> None:
    """Chromium's accessibility tree with ふりがな on is the one without it: the readings are
    shown, not read (and every <rt> is aria-hidden for browsers that would read them), so no
    word is read twice, and none is cut into pieces."""
    page = desktop_page
    visit(page, "/pillars/1/")
    plain_text, plain_names = accessibility_tree(page)

    switch(page, "ふりがな", "あり")

    expect(page.locator("main rt").first).to_be_visible()
    assert page.locator("main ruby").count() > 20
    readings = {rt.strip() for rt in page.locator("rt").all_inner_texts()}
    assert {"ちいき", "そうだん", "かつどう"} <= readings
    text, names = accessibility_tree(page)
    # The same words in the same order (a space where a line wraps is no word: Chromium keeps
    # or drops it with the layout, which the readings' line height changes)
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", plain_text)
    assert names == plain_names
    assert "包括的に相談を受け止めていく仕組みの構築が必要です" in text
    assert ("link", "計画について") in names


@pytest.mark.parametrize("url", [*PAGES, "/forces/network/", "/plan/"])
def test_x_large_text_does_not_scroll_sideways_at_360_px(
    phone_page: Page, site: str, url: str
) -> None:
    page = phone_page
    with_preferences(page, site, "x-large.high.on")

    visit(page, url)

    expect(page.locator("html")).to_have_class("text-x-large contrast-high furigana")
    assert_no_horizontal_scroll(page)
    scroll_width, inner_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{url}: {scroll_width}px in {inner_width}px"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_combination_is_axe_clean(
    new_page: Callable[..., Page], site: str, device: str
) -> None:
    page = new_page(device)
    problems = []
    for size, contrast, furigana in itertools.product(SIZES, CONTRASTS, FURIGANA):
        with_preferences(page, site, f"{size}.{contrast}.{furigana}")
        for url in PAGES[:3]:
            visit(page, url)
            if violations := axe_violations(page):
                problems.append(
                    f"{size}/{contrast}/{furigana} {url}:\n{describe_violations(violations)}"
                )
    assert not problems, "\n".join(problems)
