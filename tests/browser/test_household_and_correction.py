"""Households and intake corrections in Chromium, at 1280 px and 360 px: an 8050 household
recorded at intake (rows added without JavaScript), a supervisor's correction refused without
a reason and then saved with one, visible in the history. Every page on the way — and the
public form and statistics that gained fields and tables — is axe-clean (WCAG 2.2 AA), has
one h1 and fits the screen."""

import datetime as dt
import importlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.roles import SUPERVISOR, sync_roles
from consultations.models import Case, IntakeCorrection
from tests.browser.conftest import visit
from tests.browser.test_staff_pages import EMAIL, log_in_with_totp, problems_here
from tests.consultations.conftest import make_staff
from tests.consultations.factories import CaseFactory, PersonFactory

REASON = "電話を受け直したところ、相談者は民生委員でした。"


@pytest.fixture(autouse=True)
def world(transactional_db: None, site: str, settings: Any) -> dict[str, Any]:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    sync_roles()
    cache.clear()
    settings.MFA_TOTP_TOLERANCE = 1
    supervisor = make_staff(EMAIL, "主任 花子", role=SUPERVISOR, team="jiritsu", supervisor=True)
    EmailAddress.objects.create(user=supervisor, email=EMAIL, verified=True, primary=True)
    case = CaseFactory(
        primary_staff=supervisor,
        person=PersonFactory(name="石神井 一郎", kana="しゃくじい いちろう", age_band="50s"),
        received_on=dt.date(2025, 6, 1),
    )
    return {"supervisor": supervisor, "case": case}


def checked(page: Page, problems: list[str]) -> None:
    problems += problems_here(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_8050_household_is_recorded_at_intake(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)
    problems: list[str] = []
    log_in_with_totp(page)

    visit(page, "/staff/cases/new/")
    checked(page, problems)
    page.locator("#id_channel").select_option("phone")
    page.locator("#id_came_from").select_option("family")
    page.get_by_role("checkbox", name="8050問題").check()
    page.locator("#id_main_concern").fill("80代の母と50代の兄が二人暮らし。兄はひきこもり。")
    page.locator("#id_person_name").fill("谷原 一郎")
    page.locator("#id_person_age_band").select_option("50s")
    # Three rows are drawn; a fourth is asked for without JavaScript, nothing typed is lost.
    page.locator("#id_household-0-relationship").select_option("parent")
    page.locator("#id_household-0-age_band").select_option("80plus")
    page.locator("#id_household-0-needs_support").check()
    page.get_by_role("button", name="世帯員の入力欄を増やす").click()
    expect(page.locator("#id_household-3-relationship")).to_be_visible()
    checked(page, problems)
    expect(page.locator("#id_household-0-relationship")).to_have_value("parent")
    expect(page.locator("#id_person_name")).to_have_value("谷原 一郎")
    page.locator("#id_household-1-relationship").select_option("sibling")
    page.locator("#id_household-1-age_band").select_option("50s")
    page.locator("#id_household-1-lives_together").uncheck()
    page.locator("#id_household-1-is_key_person").check()
    page.locator("#id_household-1-name").fill("谷原 ゆき")
    page.get_by_role("button", name="受け付ける").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"ケース \d{4}-\d{6}"))
    checked(page, problems)
    expect(page.get_by_text("8050世帯（高齢の親と中高年の子）")).to_be_visible()
    household = page.locator("table", has=page.get_by_text("本人から見た続柄"))
    expect(household.locator("tr")).to_have_count(3)  # the header and two members
    expect(household).to_contain_text("谷原 ゆき")
    expect(household).to_contain_text("キーパーソン")
    case = Case.objects.latest("pk")
    assert case.household_type == Case.HouseholdType.EIGHTY_FIFTY
    assert case.household_members.count() == 2

    # The public pages that changed: the form asks who is writing; the statistics count it.
    for path in ("/consult/", "/plan/consultation-statistics/"):
        visit(page, path)
        checked(page, problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_supervisor_corrects_the_intake_with_a_reason_seen_in_the_history(
    new_page: Callable[..., Page], world: dict[str, Any], device: str
) -> None:
    page = new_page(device)
    problems: list[str] = []
    case = world["case"]
    log_in_with_totp(page)

    visit(page, f"/staff/cases/{case.number}/")
    page.get_by_role("link", name=re.compile("受付内容（.*）を訂正する")).click()
    expect(page).to_have_url(re.compile(r"/intake/correct/$"))
    checked(page, problems)
    page.locator("#id_came_from").select_option("commissioner")
    page.locator("#id_household-0-relationship").select_option("parent")
    page.locator("#id_household-0-age_band").select_option("80plus")
    page.get_by_role("button", name="訂正を保存する").click()

    # No reason: refused beside the field, what was chosen kept, nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("訂正の理由を書いてください。")
    expect(page.locator("#id_came_from")).to_have_value("commissioner")
    expect(page.locator("#id_household-0-relationship")).to_have_value("parent")
    checked(page, problems)
    assert not IntakeCorrection.objects.exists()

    page.locator("#id_reason").fill(REASON)
    page.get_by_role("button", name="訂正を保存する").click()
    expect(page).to_have_url(re.compile(r"/intake/history/$"))
    checked(page, problems)
    history = page.get_by_role("main")
    expect(history).to_contain_text("主任 花子 が訂正")
    expect(history).to_contain_text(REASON)
    # (At 360 px the table's rows are drawn as cards: found by their header cell, not role.)
    row = page.locator("tr", has=page.locator("th", has_text=re.compile("^相談者$")))
    expect(row).to_contain_text("本人")
    expect(row).to_contain_text("民生委員・児童委員")
    expect(history).to_contain_text("世帯員を追加")
    case.refresh_from_db()
    assert case.came_from == Case.CameFrom.COMMISSIONER
    assert case.household_type == Case.HouseholdType.EIGHTY_FIFTY  # derived after the change
    assert not problems, "\n".join(problems)
