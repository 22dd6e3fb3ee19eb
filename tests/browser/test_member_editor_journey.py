"""A member organisation keeps its own entry, in real Chromium: a coordinator (with their
second factor) invites an editor; the editor sets a password and changes a facility's phone
number; the public page still shows the old number; the coordinator compares before and after
and approves; the public page shows the new number with today's 確認日. Every new page on the
way is axe-clean (WCAG 2.2 AA) at 1280 and at 360 px and fits the screen."""

import importlib
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import COORDINATOR
from accounts.services import user_email_vouch
from networks.models import Facility
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.consultations.conftest import TOTP_SECRET, enrol_totp

EDITOR = "henshu@example.jp"
EDITOR_PASSWORD = "hikarigaoka-salon-2026"
NEW_PHONE = "03-5555-0123"
LINK = re.compile(r"https?://[^/\s]+(/network/editor/invitation/[^/\s]+/)")


@pytest.fixture(autouse=True)
def world(transactional_db: None, site: str, settings: Any) -> dict[str, Any]:
    return {"facility": coordinator_and_facility(settings)}


def coordinator_and_facility(settings: Any) -> Facility:
    """The reference data and roles, a coordinator with a second factor (chosei@example.jp),
    and the first public facility with a phone number, its member organisation read with it."""
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    from accounts.roles import sync_roles

    sync_roles()
    cache.clear()
    settings.MFA_TOTP_TOLERANCE = 1
    coordinator = User.objects.create_user(
        "chosei@example.jp", PASSWORD, name="調整 花子", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    user_email_vouch(user=coordinator)
    enrol_totp(coordinator)
    facility = (
        Facility.objects.public().exclude(phone="").select_related("member").order_by("pk").first()
    )
    assert facility is not None
    return facility


def check(page: Page) -> None:
    """axe-clean and no sideways scrolling at 1280 px, then at 360 px."""
    for width, height in ((1280, 800), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        assert_axe_clean(page)
        assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def coordinator_signs_in(page: Page, next_path: str) -> None:
    visit(page, f"/accounts/login/?next={next_path}")
    page.get_by_label("メールアドレス").fill("chosei@example.jp")
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    page.get_by_label("コード").fill(
        format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    )
    page.get_by_label("コード").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def public_phone(page: Page, facility: Facility) -> str:
    visit(page, f"/network/facilities/{facility.pk}/")
    return page.locator("dl.facts").first.inner_text()


def test_an_invited_editor_changes_a_phone_number_that_shows_once_approved(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    facility: Facility = world["facility"]
    old_phone = facility.phone

    # The coordinator invites an editor for the facility's organisation
    coordinator = new_page("desktop")
    coordinator_signs_in(coordinator, "/network/review/invitations/")
    check(coordinator)
    coordinator.get_by_label("会員").select_option(value=str(facility.member_id))
    coordinator.get_by_label("氏名").fill("編集 一郎")
    coordinator.get_by_label("メールアドレス").fill(EDITOR)
    coordinator.get_by_role("button", name="招待のメールを送る").click()
    expect(coordinator.get_by_text("招待のメールを送りました。")).to_be_visible()
    # The pending invitation is listed with its buttons, named for the invitee
    expect(
        coordinator.get_by_role("button", name=re.compile(r"編集 一郎\s*さんへの招待を\s*取り消す"))
    ).to_have_count(1)
    check(coordinator)
    link = LINK.search([m for m in mail.outbox if EDITOR in m.to][-1].body).group(1)

    # The editor sets a password and lands on the organisation's page
    editor = new_page("desktop")
    visit(editor, link)
    expect(editor.get_by_role("heading", level=1)).to_have_text("編集担当の登録")
    check(editor)
    editor.locator("#id_password1").fill(EDITOR_PASSWORD)
    editor.get_by_label("パスワード（確認のためもう一度）").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="登録する").click()
    expect(editor).to_have_url(re.compile(r"/network/editor/$"))
    check(editor)

    # … changes the facility's phone number: a proposal
    editor.get_by_role(
        "link", name=re.compile(re.escape(facility.name) + r"\s*を\s*変更する")
    ).click()
    expect(editor.get_by_label("電話番号")).to_have_value(old_phone)
    check(editor)
    editor.get_by_label("電話番号").fill(NEW_PHONE)
    editor.get_by_role("button", name="変更を提案する").click()
    expect(editor.get_by_text("確認待ち")).to_be_visible()
    check(editor)

    # The public page keeps the approved number
    visitor = new_page("desktop")
    shown = public_phone(visitor, facility)
    assert old_phone in shown
    assert NEW_PHONE not in shown

    # The coordinator compares and approves
    visit(coordinator, "/network/review/")
    check(coordinator)
    coordinator.get_by_role("link", name=re.compile(facility.name)).click()
    comparison = coordinator.get_by_role("table")
    expect(comparison).to_contain_text(old_phone)
    expect(comparison).to_contain_text(NEW_PHONE)
    check(coordinator)
    coordinator.get_by_role("button", name="承認する").click()
    expect(coordinator.get_by_text("承認しました")).to_be_visible()

    # The public page shows the new number and today's 確認日
    shown = public_phone(visitor, facility)
    assert NEW_PHONE in shown
    assert old_phone not in shown
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    expect(visitor.get_by_text(f"この情報は{today}に確認しました。")).to_be_visible()


def test_the_reminders_confirmation_pages_are_axe_clean(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    from networks import services
    from networks.models import MemberEditor

    facility: Facility = world["facility"]
    user = User.objects.create_user(EDITOR, PASSWORD, name="編集 一郎")
    editor = MemberEditor.objects.create(user=user, member=facility.member)
    page = new_page("desktop")
    visit(page, f"/network/editor/confirm/{services.confirm_token(editor)}/")
    check(page)
    page.get_by_role("button", name="変更なし").click()
    expect(page.get_by_role("status")).to_contain_text("確認日を今日にしました")
    check(page)
    # A link that does not work (cut short, expired), and an invitation that is not one
    visit(page, "/network/editor/confirm/not-a-token/", status=404)
    check(page)
    visit(page, "/network/editor/invitation/not-a-token/", status=404)
    check(page)


def test_a_resident_invited_at_their_own_address_signs_in_and_accepts(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    facility: Facility = world["facility"]
    resident = User.objects.create_user(EDITOR, PASSWORD, name="練馬 花子")
    user_email_vouch(user=resident)

    coordinator = new_page("desktop")
    coordinator_signs_in(coordinator, "/network/review/invitations/")
    coordinator.get_by_label("会員").select_option(value=str(facility.member_id))
    coordinator.get_by_label("氏名").fill("練馬 花子")
    coordinator.get_by_label("メールアドレス").fill(EDITOR)
    coordinator.get_by_role("button", name="招待のメールを送る").click()
    expect(coordinator.get_by_text("招待のメールを送りました。")).to_be_visible()
    link = LINK.search([m for m in mail.outbox if EDITOR in m.to][-1].body).group(1)

    # Signed out, the page says to sign in with that account, and goes back to it after
    page = new_page("phone")
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("編集担当の登録")
    check(page)
    page.get_by_role("link", name="ログインして招待を受ける").click()
    page.get_by_label("メールアドレス").fill(EDITOR)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    accept = page.get_by_role("button", name="編集担当になる")
    expect(accept).to_be_visible()
    check(page)
    accept.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/network/editor/$"))
    expect(page.get_by_role("status")).to_contain_text("編集担当になりました。")
    assert resident.member_editor.member_id == facility.member_id
