"""A consultation staff member's day, in real Chromium, on a desktop (1280 px) and a phone
(360 px): enrol an authenticator app (TOTP), log out and back in with a code, take an inquiry
from the queue, record an intake, add a progress entry, refer the person to a network member
(refused without consent, accepted once consent is recorded) and close the case. Every page on
the way is axe-clean (WCAG 2.2 AA) and fits the screen.
"""

import importlib
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF
from consultations.models import (
    Case,
    Consent,
    Entry,
    Inquiry,
    Referral,
    ReferralDestination,
    Team,
    TeamMembership,
)
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.factories import MemberFactory

EMAIL = "soudan-taro@example.jp"
CASE_HEADING = re.compile(r"ケース \d{4}-\d{6}")
CONCERN = "母（82歳）と同居の兄（54歳）がひきこもり。家賃の滞納が3か月続いている。"


@pytest.fixture(autouse=True)
def world(transactional_db: None, site: str, settings: Any) -> dict[str, Any]:
    """Rows made by migrations come back (transactional tests empty every table), then a
    member of team 自立相談支援 without a second factor, one inquiry and a network member."""
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    from accounts.roles import sync_roles

    sync_roles()
    # The code typed at the second login is the next period's (allauth refuses a code twice).
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()
    user = User.objects.create_user(EMAIL, PASSWORD, name="相談 太郎", is_staff=True)
    user.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    TeamMembership.objects.create(user=user, team=Team.objects.get(slug="jiritsu"))
    inquiry = Inquiry.objects.create(
        name="谷原 花子",
        contact_method=Inquiry.ContactMethod.PHONE,
        phone="03-1234-5678",
        topic=Inquiry.Topic.LIVING,
        message="仕事がなくなり家賃が払えません。",
        consented_at=timezone.now(),
        sender_key="b" * 64,
    )
    member = MemberFactory(name="社会福祉法人 ねりま就労支援会")
    destination = ReferralDestination.objects.create(
        name=member.name, kana="ねりましゅうろう", member=member
    )
    return {"user": user, "inquiry": inquiry, "destination": destination}


def check(page: Page) -> None:
    # Waits for the page the last click opened (count() would read the page as it is now)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


def totp_code(secret: str, *, ahead: int = 0) -> str:
    counter = int(time.time()) // 30 + ahead
    return format_hotp_value(hotp_value(secret, counter))


def log_in(page: Page, *, here: bool = False) -> None:
    """Fill in the login form (on this page when `here`, keeping its ?next=)."""
    if not here:
        visit(page, "/accounts/login/")
    page.get_by_label("メールアドレス").fill(EMAIL)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_staff_member_handles_a_consultation_from_enrolment_to_closing(
    new_page: Callable[..., Page], world: dict[str, Any], device: str
) -> None:
    page = new_page(device)

    # --- Enrol TOTP: the workspace sends staff without a second factor to the MFA page ------
    log_in(page)
    visit(page, "/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_text("2段階認証（認証アプリ）の設定が必要です")).to_be_visible()
    check(page)
    page.get_by_role("link", name="有効化する").first.click()
    # Changing how one signs in asks for the password once more (allauth's reauthentication).
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    check(page)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_label("パスワード").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    check(page)
    secret = page.get_by_label("認証アプリシークレット").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_label("認証アプリコード").fill(totp_code(secret))
    page.get_by_role("main").get_by_role("button", name="有効化する").click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    check(page)

    # --- Log out, and in again with a code from the app -------------------------------------
    visit(page, "/staff/")
    expect(page.get_by_role("heading", level=1, name="ダッシュボード")).to_be_visible()
    check(page)
    page.get_by_role("button", name="ログアウト").click()
    if "/accounts/logout/" in page.url:  # allauth asks to confirm
        page.get_by_role("main").get_by_role("button", name="ログアウト").click()
    visit(page, "/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fstaff%2F"))
    check(page)
    log_in(page, here=True)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    check(page)
    page.get_by_label("コード").fill(totp_code(secret, ahead=1))
    page.get_by_label("コード").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/"))

    # --- Take the inquiry from the queue ------------------------------------------------------
    visit(page, "/staff/")
    check(page)
    page.get_by_role("link", name="申込みの一覧へ（引き受ける）").click()
    check(page)
    inquiry = world["inquiry"]
    page.get_by_role("button", name=f"{inquiry.reference} を引き受ける").click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile(r"ケース \d{4}-\d{6}"))
    ).to_be_visible()
    expect(page.get_by_text("仕事がなくなり家賃が払えません。")).to_be_visible()
    check(page)
    assert Case.objects.get(inquiry=inquiry).primary_staff == world["user"]

    # --- Record an intake: keyboard only; a mistake keeps everything typed --------------------
    page.get_by_role("navigation", name="相談業務メニュー").get_by_role(
        "link", name="新規受付"
    ).click()
    check(page)
    page.get_by_role("search", name="本人の検索").get_by_label("よみがな").fill("たにはら")
    page.keyboard.press("Enter")  # search for the person first: only the inquirer is known
    results = page.get_by_role("list").filter(has_text="さんで受け付ける")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results).to_contain_text("谷原 花子")
    check(page)
    intake = page.get_by_role("form", name="2. 相談を受け付ける")
    intake.get_by_label("8050問題").check()
    intake.get_by_label("主訴").fill(CONCERN)
    # (The person's name: the household rows below have names of their own.)
    person = intake.get_by_role("group", name="本人（新しく登録）")
    person.get_by_label("氏名").fill("谷原 一郎")
    intake.get_by_label("よみがな").fill("たにはら いちろう")
    intake.get_by_label("相談者").select_option(label="家族")
    intake.get_by_role("button", name="受け付ける").press("Enter")
    # 相談経路 was left out: the form comes back with the message beside it, input kept.
    expect(page.get_by_role("alert")).to_be_visible()
    expect(intake.get_by_label("主訴")).to_have_value(CONCERN)
    expect(person.get_by_label("氏名")).to_have_value("谷原 一郎")
    expect(page.locator("#id_channel_error")).to_be_visible()
    check(page)
    intake.get_by_label("相談経路").select_option(label="電話")
    intake.get_by_role("button", name="受け付ける").press("Enter")
    expect(
        page.get_by_role("heading", level=1, name=re.compile(r"ケース \d{4}-\d{6}"))
    ).to_be_visible()
    check(page)
    case = Case.objects.exclude(inquiry=inquiry).get()
    assert case.person.name == "谷原 一郎"

    # --- Add a progress entry ------------------------------------------------------------------
    entry_form = page.get_by_role("form", name="経過記録を追加する")
    entry_form.get_by_label("種別").select_option(label="面談")
    entry_form.get_by_label("要約").fill("初回面談")
    entry_form.get_by_label("詳細").fill("家計の状況を聞き取った。")
    entry_form.get_by_role("button", name="経過記録を追加").click()
    expect(page.get_by_text("経過記録を追加しました。")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("面談：初回面談"))).to_be_visible()
    check(page)
    assert Entry.objects.filter(case=case).count() == 1

    # --- Refer to a network member: refused without consent, accepted with it -----------------
    destination = world["destination"]
    referral = page.get_by_role("form", name="つなぎを記録する")
    referral.get_by_label("つなぎ先").select_option(label=destination.name)
    referral.get_by_label("つなぐ理由").fill("就労の相談先として")
    referral.get_by_label("共有した情報").fill("氏名・連絡先・相談の概要")
    referral.get_by_label("共有の根拠").select_option(value=Referral.Basis.CONSENT)
    referral.get_by_role("button", name="つなぎを記録").click()
    referral = page.get_by_role("form", name="つなぎを記録する")
    expect(page.locator("#id_referral-consent_error")).to_be_visible()
    expect(referral.get_by_label("つなぐ理由")).to_have_value("就労の相談先として")
    check(page)
    assert not Referral.objects.exists()

    consent = page.get_by_role("form", name="同意を記録する")
    consent.get_by_label("同意の範囲").select_option(value=Consent.Scope.NAMED_ORGANISATIONS)
    consent.get_by_label(destination.name).check()
    consent.get_by_label("同意の方法").select_option(value=Consent.Method.WRITTEN)
    consent.get_by_role("button", name="同意を記録").click()
    expect(page.get_by_text("同意を記録しました。")).to_be_visible()
    check(page)

    referral = page.get_by_role("form", name="つなぎを記録する")
    referral.get_by_label("つなぎ先").select_option(label=destination.name)
    referral.get_by_label("つなぐ理由").fill("就労の相談先として")
    referral.get_by_label("共有した情報").fill("氏名・連絡先・相談の概要")
    referral.get_by_label("共有の根拠").select_option(value=Referral.Basis.CONSENT)
    referral.get_by_label("根拠とした同意").select_option(index=1)
    referral.get_by_role("button", name="つなぎを記録").click()
    expect(page.get_by_text("つなぎ（紹介）を記録しました。")).to_be_visible()
    check(page)
    assert Referral.objects.get().destination == destination

    # --- Close the case along its path ---------------------------------------------------------
    for status in ("アセスメント", "支援中", "終結"):
        form = page.get_by_role("form", name="状態を変更する")
        form.get_by_label("新しい状態").select_option(label=status)
        if status == "終結":
            form.get_by_label("結果（終了するとき）").select_option(label="解決")
        form.get_by_role("button", name="状態を変更").click()
        expect(page.get_by_text("状態を変更しました。")).to_be_visible()
    expect(page.get_by_text("このケースは終了しています。")).to_be_visible()
    check(page)
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Case.Status.CLOSED, Case.Outcome.RESOLVED)

    # --- The case list finds it ----------------------------------------------------------------
    visit(page, "/staff/cases/?status=closed")
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    check(page)
