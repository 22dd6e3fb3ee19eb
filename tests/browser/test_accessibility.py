"""Every public page, in a real browser: axe-clean on a desktop and a phone, reflowing without
sideways scrolling, in the right language, and usable from the keyboard with a visible focus."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    PAGES,
    assert_axe_clean,
    assert_no_horizontal_scroll,
    axe_violations,
    describe_violations,
    path_of,
    scrolls_sideways,
    visit,
)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_public_page_is_axe_clean_and_fits_the_screen(
    new_page: Callable[..., Page], device: str
) -> None:
    """One browser page visits them all (a fresh one per URL would triple the time); the
    failure lists every page with a problem, not just the first."""
    page = new_page(device)
    problems = []

    for url in PAGES:
        visit(page, path_of(url))
        lang = "en" if url.startswith("/en/") else "ja"
        if page.locator("html").get_attribute("lang") != lang:
            problems.append(f"{url}: <html> is not lang={lang}")
        if violations := axe_violations(page):
            problems.append(f"{url}:\n{describe_violations(violations)}")
        if scrolls_sideways(page):
            problems.append(f"{url}: scrolls sideways at {page.viewport_size['width']}px")

    assert not problems, "\n".join(problems)


def test_every_public_page_reflows_at_320_css_pixels(phone_page: Page) -> None:
    """WCAG 1.4.10 measures reflow at 320 CSS pixels: narrower than the phones we test."""
    page = phone_page
    page.set_viewport_size({"width": 320, "height": 640})

    for url in PAGES:
        visit(page, path_of(url))
        assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_unknown_page_is_a_japanese_404_that_is_axe_clean(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    visit(page, "/no-such-page/", status=404)

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
    expect(page.get_by_role("link", name="トップページへ戻る")).to_be_visible()
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


# --- Keyboard --------------------------------------------------------------------------------


def is_on_screen(page: Page, box: dict[str, float] | None) -> bool:
    """Inside the viewport, give or take the part of a pixel that scrolling into view rounds
    away (boxes have fractional sizes; the scroll position is whole pixels)."""
    viewport = page.viewport_size
    assert viewport is not None
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] >= -1
        and box["y"] >= -1
        and box["x"] + box["width"] <= viewport["width"] + 1
        and box["y"] + box["height"] <= viewport["height"] + 1
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_first_tab_shows_a_skip_link_and_enter_moves_focus_to_main(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)
    visit(page, "/pillars/1/")
    skip_link = page.get_by_role("link", name="本文へ移動")
    assert not is_on_screen(page, skip_link.bounding_box()), "hidden until it is focused"

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    assert is_on_screen(page, skip_link.bounding_box())

    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/pillars/1/#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


# For the focused element and each of its ancestors: what would draw a focus indicator.
FOCUS_STYLES = """el => {
  const styles = [];
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    const s = getComputedStyle(node);
    styles.push({
      outline: s.outlineStyle !== "none" ? parseFloat(s.outlineWidth) : 0,
      shadow: s.boxShadow,
      description: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} / ${s.boxShadow}`,
    });
  }
  return styles;
}"""
FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"


@pytest.mark.parametrize("url", ["/", "/plan/", "/tags/%E5%B1%85%E5%A0%B4%E6%89%80/"])
def test_tab_visits_every_link_in_reading_order_with_a_visible_focus_indicator(
    desktop_page: Page, url: str
) -> None:
    page = desktop_page
    visit(page, url)
    focusables = page.locator(FOCUSABLE)
    unfocused = [focusables.nth(i).evaluate(FOCUS_STYLES) for i in range(focusables.count())]
    assert len(unfocused) > 5

    order = []
    for _ in range(len(unfocused)):
        page.keyboard.press("Tab")
        index = page.evaluate(
            f"[...document.querySelectorAll(`{FOCUSABLE}`)].indexOf(document.activeElement)"
        )
        assert index >= 0, "focus went somewhere that is not a link"
        order.append(index)
        element = focusables.nth(index)
        focused = element.evaluate(FOCUS_STYLES)
        name = element.evaluate("el => el.outerHTML.slice(0, 120)")

        indicators = [
            now["description"]
            for now, before in zip(focused, unfocused[index], strict=True)
            if (now["outline"] >= 2 and now["outline"] != before["outline"])
            or (now["shadow"] != "none" and now["shadow"] != before["shadow"])
        ]
        assert indicators, f"no visible focus indicator on {name}"
        assert is_on_screen(page, element.bounding_box()), f"focused but off screen: {name}"

    assert order == list(range(len(unfocused))), "Tab follows the page's reading order"
