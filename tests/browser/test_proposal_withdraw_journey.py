"""An editor withdraws (取り下げ) a proposal that still waits, in real Chromium on a phone: they
sign in, propose a new phone number for a facility, open the proposal's page and withdraw it
with the keyboard alone (Tab to the button, a visible focus indicator, Enter). The editor's
page announces it; the proposal's page then says it is withdrawn; a coordinator (with their
second factor) opening the same proposal sees 取り下げ and no approve or send-back form. Every
page on the way is axe-clean (WCAG 2.2 AA) at 1280 and at 360 px and fits the screen."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from accounts.services import user_email_vouch
from networks.models import Facility, MemberEditor, Proposal
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.browser.test_member_editor_journey import (
    coordinator_and_facility,
    coordinator_signs_in,
)
from tests.conftest import PASSWORD

EDITOR = "henshu@example.jp"
NEW_PHONE = "03-5555-0123"


@pytest.fixture
def world(transactional_db: None, site: str, settings: Any) -> dict[str, Any]:
    """A coordinator with a second factor, and an editor already accepted for the member
    organisation of a public facility that has a phone number."""
    facility = coordinator_and_facility(settings)
    editor = User.objects.create_user(EDITOR, PASSWORD, name="編集 一郎")
    user_email_vouch(user=editor)
    MemberEditor.objects.create(user=editor, member=facility.member)
    return {"facility": facility, "editor": editor}


def check(page: Page) -> None:
    """axe-clean and no sideways scrolling at 1280 px, then at 360 px; the page keeps the
    width it had."""
    size = page.viewport_size
    for width, height in ((1280, 800), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        assert_axe_clean(page)
        assert_no_horizontal_scroll(page)
    if size is not None:
        page.set_viewport_size(size)


def editor_signs_in(page: Page) -> None:
    visit(page, "/accounts/login/?next=/network/editor/")
    page.get_by_label("メールアドレス").fill(EDITOR)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/network/editor/$"))


# Whether the focused element draws a focus indicator: an outline or a box shadow.
FOCUS_INDICATOR = """el => {
  const s = getComputedStyle(el);
  return {
    focusVisible: el.matches(":focus-visible"),
    outline: s.outlineStyle !== "none" ? parseFloat(s.outlineWidth) : 0,
    shadow: s.boxShadow,
  };
}"""


def tab_to(page: Page, target: Locator, *, at_most: int = 80) -> None:
    """Presses Tab from the top of the page until `target` has the focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(at_most):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{at_most} presses of Tab never reached {target}")


def test_an_editor_withdraws_a_waiting_proposal_by_keyboard_and_the_coordinator_sees_it(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    facility: Facility = world["facility"]

    # The editor signs in on a phone and proposes a new phone number
    editor = new_page("phone")
    editor_signs_in(editor)
    editor.get_by_role(
        "link", name=re.compile(re.escape(facility.name) + r"\s*を\s*変更する")
    ).click()
    expect(editor.get_by_label("電話番号")).to_have_value(facility.phone)
    editor.get_by_label("電話番号").fill(NEW_PHONE)
    editor.get_by_role("button", name="変更を提案する").click()
    expect(editor.get_by_text("確認待ち")).to_be_visible()
    proposal = Proposal.objects.get(member=facility.member)
    assert proposal.state == Proposal.State.PENDING

    # … opens the proposal's page: it waits, and offers to withdraw it
    proposal_path = f"/network/editor/proposals/{proposal.pk}/"
    visit(editor, proposal_path)
    expect(editor.get_by_role("heading", level=1)).to_contain_text(facility.name)
    expect(editor.locator(".page-header .badge")).to_have_text("確認待ち")
    withdraw = editor.get_by_role("button", name="提案を取り下げる")
    expect(withdraw).to_be_visible()
    check(editor)

    # … and withdraws it with the keyboard: Tab to the button, which shows its focus, Enter
    tab_to(editor, withdraw)
    expect(withdraw).to_be_focused()
    indicator = withdraw.evaluate(FOCUS_INDICATOR)
    assert indicator["focusVisible"], indicator
    assert indicator["outline"] >= 2 or indicator["shadow"] != "none", indicator
    editor.keyboard.press("Enter")

    # Back on the editor's page, the message is announced (a role="status" live region)
    expect(editor).to_have_url(re.compile(r"/network/editor/$"))
    expect(editor.get_by_role("status")).to_contain_text(
        "提案を取り下げました。コーディネーターは確認しません。公開中の情報はそのままです。"
    )
    check(editor)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.WITHDRAWN

    # The proposal's page says it is withdrawn, and has no button any more
    editor.get_by_role("region", name="提案した変更").get_by_role(
        "link", name=re.compile(re.escape(facility.name))
    ).click()
    expect(editor).to_have_url(re.compile(re.escape(proposal_path) + "$"))
    expect(editor.locator(".page-header .badge")).to_have_text("取り下げ")
    expect(editor.get_by_text("に取り下げました。コーディネーターは確認しません。")).to_be_visible()
    expect(editor.get_by_role("button", name="提案を取り下げる")).to_have_count(0)
    check(editor)

    # A coordinator opening the proposal sees 取り下げ, by whom, and nothing to decide
    review_path = f"/network/review/proposals/{proposal.pk}/"
    coordinator = new_page("desktop")
    coordinator_signs_in(coordinator, review_path)
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(facility.name)
    expect(coordinator.locator(".page-header .badge")).to_have_text("取り下げ")
    withdrawn_by = "編集 一郎さん（編集担当）が取り下げました。承認も差し戻しもできません。"
    expect(coordinator.get_by_text(withdrawn_by)).to_be_visible()
    expect(coordinator.get_by_role("button", name="承認する")).to_have_count(0)
    expect(coordinator.get_by_role("button", name="差し戻す")).to_have_count(0)
    comparison = coordinator.get_by_role("table")
    expect(comparison).to_contain_text(facility.phone)
    expect(comparison).to_contain_text(NEW_PHONE)
    check(coordinator)
