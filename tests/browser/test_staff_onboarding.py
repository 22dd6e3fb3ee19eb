"""New staff from the invitation e-mail to their first case, in real Chromium: with an
authenticator app (TOTP), and with a security key (Chromium's virtual authenticator, through
the DevTools protocol); then a sign-in with a recovery code, which works once. Every page of
the invitation's steps — and the pages for an expired, used or mistyped link — is axe-clean
(WCAG 2.2 AA) at 1280 and at 360 px and fits the screen."""

import datetime as dt
import importlib
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SYSTEM_ADMIN
from accounts.services import user_email_vouch
from consultations import onboarding
from consultations.models import Case, StaffInvitation, Team, TeamMembership
from tests.browser.conftest import (
    DESKTOP,
    NAVIGATION_TIMEOUT_MS,
    PHONE,
    assert_axe_clean,
    assert_no_horizontal_scroll,
    visit,
)
from tests.conftest import PASSWORD
from tests.consultations.conftest import TOTP_SECRET, enrol_totp
from tests.consultations.invitations import link_in_last_mail

NEWCOMER = "shinjin@example.jp"
CONCERN = "一人暮らしの父（78歳）が最近外出しなくなった。"
CASE_HEADING = re.compile(r"ケース \d{4}-\d{6}")


@pytest.fixture(autouse=True)
def world(transactional_db: None, site: str, settings: Any) -> dict[str, Any]:
    """Rows made by migrations come back (transactional tests empty every table); a 管理者
    who has passed their second factor."""
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    from accounts.roles import sync_roles

    sync_roles()
    cache.clear()
    # The code typed at a second login is the next period's (allauth refuses a code twice).
    settings.MFA_TOTP_TOLERANCE = 1
    # WebAuthn: an RP ID must be a host name (never an IP address), and the test server is
    # plain http on loopback.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    admin = User.objects.create_user("kanri@example.jp", PASSWORD, name="管理 者", is_staff=True)
    admin.groups.add(Group.objects.get(name=SYSTEM_ADMIN))
    user_email_vouch(user=admin)  # made in the admin by the superuser, who vouches for it
    enrol_totp(admin)
    return {"admin": admin, "site": site}


def invite(world: dict[str, Any], email: str = NEWCOMER) -> str:
    """The 管理者's invitation (what the admin's form calls); the e-mail's link, as a path."""
    invitation = StaffInvitation(
        email=email,
        name="新人 花子",
        team=Team.objects.get(slug="jiritsu"),
        role=StaffInvitation.Role.CONSULTATION_STAFF,
    )
    onboarding.invitation_issue(invitation=invitation, by=world["admin"])
    return link_in_last_mail(email)


def invite_in_the_admin(page: Page) -> str:
    """What README's steps say: the 管理者 signs in with their code, opens 職員の招待 → 追加,
    fills it in and saves; the e-mail's link, as a path."""
    visit(page, "/accounts/login/?next=/admin/consultations/staffinvitation/add/")
    page.get_by_label("メールアドレス").fill("kanri@example.jp")
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    page.get_by_label("コード").fill(totp_code(TOTP_SECRET))
    page.get_by_label("コード").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("職員の招待 を追加")
    page.get_by_label("メールアドレス").fill(NEWCOMER)
    page.get_by_label("氏名").fill("新人 花子")
    page.get_by_label("チーム").select_option(label="自立相談支援")
    page.get_by_label("役割").select_option(label="相談員")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(f"{NEWCOMER} に招待メールを送りました")).to_be_visible()
    return link_in_last_mail(NEWCOMER)


def check(page: Page) -> None:
    """One <h1>, axe-clean and no sideways scrolling, at 1280 px and at 360 px."""
    for device in (PHONE, DESKTOP):
        page.set_viewport_size(device["viewport"])
        assert page.get_by_role("heading", level=1).count() == 1, page.url
        assert_axe_clean(page)
        assert_no_horizontal_scroll(page)


def totp_code(secret: str, *, ahead: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + ahead))


def set_password(page: Page, link: str) -> None:
    visit(page, link)
    expect(page).to_have_url(re.compile(r"/invitation/step/password/$"))
    check(page)
    # A weak password: refused beside the field, nothing created.
    page.locator("#id_password1").fill("12345678")
    page.get_by_label("パスワード（確認のためもう一度）").fill("12345678")
    page.get_by_role("button", name="パスワードを決めて次へ").click()
    expect(page.locator("#id_password1_error")).to_contain_text("数字しか使われていません")
    check(page)
    assert not User.objects.filter(email=NEWCOMER).exists()
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("パスワード（確認のためもう一度）").fill(PASSWORD)
    page.get_by_role("button", name="パスワードを決めて次へ").click()
    expect(page).to_have_url(re.compile(r"/invitation/step/second-factor/$"))
    check(page)


def keep_recovery_codes(page: Page) -> list[str]:
    expect(page).to_have_url(re.compile(r"/invitation/step/recovery-codes/$"))
    check(page)
    codes = page.get_by_role("list", name="復旧用コード").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="控えました。相談業務画面へ進む").click()
    expect(page.get_by_role("heading", level=1, name="ダッシュボード")).to_be_visible()
    expect(page.get_by_text("相談業務画面へようこそ")).to_be_visible()
    return codes


def record_first_case(page: Page) -> Case:
    page.get_by_role("navigation", name="相談業務メニュー").get_by_role(
        "link", name="新規受付"
    ).click()
    intake = page.get_by_role("form", name="2. 相談を受け付ける")
    intake.get_by_label("社会的孤立").check()
    intake.get_by_label("主訴").fill(CONCERN)
    # (The person's name: the household rows below have names of their own.)
    intake.get_by_role("group", name="本人（新しく登録）").get_by_label("氏名").fill("練馬 一郎")
    intake.get_by_label("よみがな").fill("ねりま いちろう")
    intake.get_by_label("相談者").select_option(label="家族")
    intake.get_by_label("相談経路").select_option(label="電話")
    intake.get_by_role("button", name="受け付ける").click()
    expect(page.get_by_role("heading", level=1, name=CASE_HEADING)).to_be_visible()
    case = Case.objects.get()
    assert case.primary_staff == User.objects.get(email=NEWCOMER)
    assert case.team.slug == "jiritsu"
    return case


def log_out(page: Page) -> None:
    page.get_by_role("button", name="ログアウト").click()
    if "/accounts/logout/" in page.url:  # allauth asks to confirm
        page.get_by_role("main").get_by_role("button", name="ログアウト").click()


def log_in(page: Page) -> None:
    visit(page, "/accounts/login/?next=/staff/")
    page.get_by_label("メールアドレス").fill(NEWCOMER)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))


def test_an_invitation_with_an_authenticator_app_leads_to_the_first_case(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    link = invite_in_the_admin(new_page("desktop"))
    page = new_page("desktop")

    set_password(page, link)
    page.get_by_role("link", name="認証アプリで設定する").click()
    expect(page).to_have_url(re.compile(r"/invitation/step/second-factor/app/$"))
    check(page)
    secret = page.locator(".secret").inner_text()
    page.get_by_label("認証アプリに表示された6桁のコード").fill("000000")
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("alert")).to_be_visible()  # a wrong code, said so
    check(page)
    page.get_by_label("認証アプリに表示された6桁のコード").fill(totp_code(secret))
    page.get_by_role("button", name="設定する").click()
    keep_recovery_codes(page)
    check(page)
    record_first_case(page)

    # The link again: used, and the page says what to do.
    visit(page, link, status=410)
    expect(page.get_by_role("heading", level=1)).to_have_text("この招待はすでに使われています")
    check(page)
    # A mistyped link.
    visit(page, link[:-6] + "/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("この招待リンクは使えません")
    check(page)
    # An expired invitation.
    expired = invite(world, "okure@example.jp")
    StaffInvitation.objects.filter(email="okure@example.jp").update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    visit(page, expired, status=410)
    expect(page.get_by_role("heading", level=1)).to_have_text("招待の有効期限が切れています")
    check(page)


@pytest.fixture
def localhost_page(browser: Browser, world: dict[str, Any]) -> Iterator[Page]:
    """A page of the live server at http://localhost:<port>: a security key is bound to a
    host name (its RP ID), and WebAuthn refuses an IP address such as 127.0.0.1."""
    port = world["site"].rsplit(":", 1)[1]
    context = browser.new_context(base_url=f"http://localhost:{port}", locale="ja-JP", **DESKTOP)
    context.set_default_timeout(5_000)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_an_invitation_with_a_security_key_leads_to_the_first_case(
    localhost_page: Page, world: dict[str, Any]
) -> None:
    page = localhost_page
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    link = invite(world)

    set_password(page, link)
    page.get_by_role("link", name="セキュリティキーで設定する").click()
    expect(page).to_have_url(re.compile(r"/invitation/step/second-factor/security-key/$"))
    check(page)
    page.get_by_label("キーの名前").fill("青いキー")
    page.get_by_role("button", name="セキュリティキーを登録する").click()
    keep_recovery_codes(page)
    user = User.objects.get(email=NEWCOMER)
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "青いキー"
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    credentials = devtools.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )
    assert len(credentials["credentials"]) == 1
    record_first_case(page)

    # Out, and in again with the key.
    log_out(page)
    log_in(page)
    page.get_by_role("button", name="セキュリティキーを使用する").click()
    expect(page).to_have_url(re.compile(r"/staff/"))
    expect(page.get_by_role("heading", level=1, name="ダッシュボード")).to_be_visible()


def test_a_recovery_code_signs_in_once(
    new_page: Callable[..., Page], world: dict[str, Any]
) -> None:
    user = User.objects.create_user(NEWCOMER, PASSWORD, name="新人 花子", is_staff=True)
    user.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    EmailAddress.objects.create(user=user, email=NEWCOMER, verified=True, primary=True)
    TeamMembership.objects.create(user=user, team=Team.objects.get(slug="jiritsu"))
    enrol_totp(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    page = new_page("desktop")

    log_in(page)
    page.get_by_label("コード").fill(code)
    page.get_by_label("コード").press("Enter")
    expect(page.get_by_role("heading", level=1, name="ダッシュボード")).to_be_visible()
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert code not in codes.wrap().get_unused_codes()

    log_out(page)
    log_in(page)
    page.get_by_label("コード").fill(code)
    page.get_by_label("コード").press("Enter")
    expect(page.get_by_text("コードが正しくありません。", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    # Still not signed in: the workspace sends the browser back to the unfinished login.
    visit(page, "/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
    expect(page.get_by_role("heading", level=1, name="ダッシュボード")).to_have_count(0)
