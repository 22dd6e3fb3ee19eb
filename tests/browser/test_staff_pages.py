"""Every page of the workspace a supervisor can open, in Chromium at 1280 px and 360 px:
axe-clean (WCAG 2.2 AA), one h1, no sideways scrolling — including the forms drawn with
their errors, the filtered list, the reports and the printable disclosure document."""

import datetime as dt
import importlib
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.roles import SUPERVISOR, sync_roles
from consultations.models import Flag, Referral, ReferralDestination, Task
from tests.browser.conftest import axe_violations, describe_violations, scrolls_sideways, visit
from tests.conftest import PASSWORD
from tests.consultations.conftest import TOTP_SECRET, make_staff
from tests.consultations.factories import CaseFactory, EntryFactory, PersonFactory

EMAIL = "shunin@example.jp"


@pytest.fixture(autouse=True)
def pages(transactional_db: None, site: str) -> list[str]:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    sync_roles()
    cache.clear()
    supervisor = make_staff(EMAIL, "主任 花子", role=SUPERVISOR, team="jiritsu", supervisor=True)
    EmailAddress.objects.create(user=supervisor, email=EMAIL, verified=True, primary=True)
    case = CaseFactory(
        primary_staff=supervisor,
        person=PersonFactory(name="石神井 一郎", kana="しゃくじい いちろう"),
        received_on=dt.date(2025, 6, 1),
    )
    old = EntryFactory(case=case, staff=supervisor, summary="初回面談", detail="長い詳細" * 40)
    EntryFactory(case=case, staff=supervisor, version_of=old, summary="初回面談（訂正）")
    Task.objects.create(
        case=case,
        title="家計表",
        due_on=dt.date(2025, 6, 5),
        assignee=supervisor,
        created_by=supervisor,
    )
    Flag.objects.create(
        case=case,
        kind=Flag.Kind.ADDRESS_SECRET,
        instructions="住所を伝えない",
        created_by=supervisor,
    )
    Referral.objects.create(
        case=case,
        destination=ReferralDestination.objects.create(
            name="社会福祉法人 とても長い名前の法人ねりま"
        ),
        reason="就労",
        basis=Referral.Basis.NONE,
        created_by=supervisor,
    )
    return [
        "/staff/",
        "/staff/inquiries/",
        "/staff/cases/",
        "/staff/cases/?status=received&received_from=2025-01-01",
        "/staff/cases/?received_from=not-a-date",
        "/staff/cases/new/",
        f"/staff/cases/{case.number}/",
        f"/staff/cases/{case.number}/entries/{old.pk + 1}/correct/",
        f"/staff/cases/{case.number}/access-log/",
        "/staff/reports/?start=2025-04-01&end=2026-03-31",
        f"/staff/persons/{case.person_id}/disclosure/",
        "/plan/consultation-statistics/",
    ]


def problems_on(page: Page, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        visit(page, url)
        problems += problems_here(page)
    return problems


def problems_here(page: Page) -> list[str]:
    problems = []
    if page.get_by_role("heading", level=1).count() != 1:
        problems.append(f"{page.url}: not exactly one h1")
    if violations := axe_violations(page):
        problems.append(f"{page.url}:\n{describe_violations(violations)}")
    if scrolls_sideways(page):
        problems.append(f"{page.url}: scrolls sideways")
    return problems


def log_in_with_totp(page: Page) -> None:
    visit(page, "/accounts/login/?next=/staff/")
    page.get_by_label("メールアドレス").fill(EMAIL)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("コード").fill(
        format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    )
    page.get_by_label("コード").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_workspace_page_is_axe_clean_and_fits(
    new_page: Callable[..., Page], pages: list[str], device: str, settings: Any
) -> None:
    settings.MFA_TOTP_TOLERANCE = 1
    page = new_page(device)
    log_in_with_totp(page)

    problems = problems_on(page, pages)

    # Searches are posted (their words never go into a URL): the results, and an empty search.
    visit(page, "/staff/cases/?status=received")
    page.get_by_label("検索（ケース番号・よみがな・電話番号）").fill("しゃくじい")
    page.get_by_role("button", name="この条件で表示").click()
    expect(page).to_have_url(re.compile(r"/staff/cases/\?status=received&search=[\w-]+$"))
    problems += problems_here(page)
    visit(page, "/staff/cases/new/")
    search = page.get_by_role("search", name="本人の検索")
    search.get_by_label("よみがな").fill("しゃくじい")
    search.get_by_role("button", name="本人を探す").click()
    expect(page).to_have_url(re.compile(r"/staff/cases/new/\?search=[\w-]+$"))
    problems += problems_here(page)
    visit(page, "/staff/cases/new/")
    page.get_by_role("button", name="本人を探す").click()
    expect(page.get_by_text("どれかを入れて検索してください")).to_be_visible()
    problems += problems_here(page)

    # Forms drawn with their errors: intake and the case page's entry form.
    visit(page, "/staff/cases/new/")
    page.get_by_role("button", name="受け付ける").click()
    expect(page.get_by_role("alert")).to_be_visible()
    problems += problems_here(page)
    visit(page, next(url for url in pages if re.fullmatch(r"/staff/cases/[\d-]+/", url)))
    page.get_by_role("button", name="経過記録を追加").click()
    expect(page.get_by_role("alert")).to_be_visible()
    problems += problems_here(page)

    assert not problems, "\n".join(problems)
