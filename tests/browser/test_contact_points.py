"""The contact points (窓口) in a real browser: a resident on a phone reaches a district office's
telephone number from the home page in two steps, and every page showing contact points is
axe-clean and fits the screen at 1280 and 360 px."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_axe_clean,
    assert_no_horizontal_scroll,
    styled_box,
    visit,
)


def test_a_resident_reaches_a_district_offices_phone_in_two_steps(phone_page: Page) -> None:
    page = phone_page
    visit(page, "/")  # step 1: the home page

    page.get_by_role("contentinfo").get_by_role("link", name="窓口の場所と受付時間").click()

    # step 2: the list of contact points, each with its number as a tel: link
    expect(page).to_have_url(page.url.split("/contact/")[0] + "/contact/")
    office = page.get_by_role("article").filter(has_text="大泉地区事務所（サンプル）")
    phone = office.get_by_role("link", name="03-0000-0140")
    expect(phone).to_be_visible()
    expect(phone).to_have_attribute("href", "tel:0300000140")
    box = styled_box(phone)
    assert box["height"] >= 44, box  # a finger-sized target
    expect(office).to_contain_text("03-0000-0141")  # FAX, for people who cannot phone


def test_the_footer_of_the_home_page_already_holds_the_numbers(phone_page: Page) -> None:
    page = phone_page
    visit(page, "/")

    footer = page.get_by_role("contentinfo")
    phone = footer.get_by_role("link", name="03-0000-0140")
    phone.scroll_into_view_if_needed()
    expect(phone).to_be_visible()
    expect(phone).to_have_attribute("href", "tel:0300000140")


def contact_pages() -> list[str]:
    from networks.models import ContactPoint

    point = ContactPoint.objects.get(district__slug="hikarigaoka")
    return [
        "/contact/",
        point.get_absolute_url(),
        "/en/contact/",
        "/consult/",
        "/coordinators/",
        "/coordinators/?district=oizumi",
        "/nerizu/",
        "/plan/",
        "/plan/consultation-statistics/",
    ]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_pages_with_contact_points_are_axe_clean_and_fit_the_screen(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)
    for path in contact_pages():
        visit(page, path)
        assert_axe_clean(page)
        assert_no_horizontal_scroll(page)
