"""The plan's progress in real Chromium, on a desktop (1280 px) and a phone (360 px).

A resident opens /progress/, switches to the district view, opens an action item and reads its
chart's text alternative (the SVG's accessible name and description) and the same numbers in
a table. A coordinator records a yearly evaluation in the admin and it appears on the public
evaluation page. Every page of ours on the way is axe-clean and fits the screen (the Django
admin is not ours to restyle and is not checked with axe).
"""

import importlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from accounts.models import User
from progress.models import Evaluation
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD

# Districts, themes and target groups come from a data migration; transactional browser tests
# empty every table after them, so the migration's function makes them again here.
reference_data = importlib.import_module("networks.migrations.0003_reference_data")


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """Runs before `site` loads the sample data, which expects the districts to exist."""
    reference_data.create(django_apps, None)


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_follows_an_action_item_from_the_district_view_to_its_chart(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    visit(page, "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="進み具合"
    ).click()
    expect(h1(page)).to_have_text("計画の進み具合")
    pillar_1 = page.get_by_role("region", name="柱1 認め合う")
    expect(pillar_1).to_contain_text("平均の進み具合")
    expect(pillar_1).to_contain_text("達成")
    check_page(page)

    page.get_by_role("navigation", name="進み具合の見方").get_by_role(
        "link", name="地区ごと"
    ).click()
    expect(page).to_have_url(re.compile(r"/progress/districts/$"))
    expect(h1(page)).to_have_text("地区ごとの進み具合")
    oizumi = page.get_by_role("region", name="大泉地区")
    expect(oizumi).to_contain_text("講座・会議の開催回数")
    expect(oizumi).to_contain_text(re.compile(r"指標の平均の進み具合\s*100%"))
    check_page(page)

    oizumi.get_by_role("link", name="子ども食堂の紹介").click()
    expect(h1(page)).to_contain_text("子ども食堂の紹介")
    expect(page.get_by_role("main")).to_contain_text("達成")
    chart = page.get_by_role("img", name="「講座・会議の開催回数」の年度ごとの実績")
    expect(chart).to_be_visible()
    description = r"^基準値 0回、目標 12回。2025年度（令和7年度）：12回。.*：記録なし。$"
    expect(chart).to_have_accessible_description(re.compile(description))
    table = page.get_by_role("table", name="「講座・会議の開催回数」の実績（単位：回）")
    expect(table.get_by_role("row", name="2025年度（令和7年度） 12")).to_be_visible()
    expect(page.get_by_role("heading", name="これまでの歩み")).to_be_visible()
    check_page(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_coordinator_records_a_yearly_evaluation_and_residents_read_it(
    new_page: Callable[..., Page], coordinator: User, device: str
) -> None:
    admin = new_page("desktop")
    visit(admin, "/admin/login/?next=/admin/progress/evaluation/add/")
    admin.get_by_label("メールアドレス").fill(coordinator.email)
    admin.get_by_label("パスワード").fill(PASSWORD)
    admin.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(admin).to_have_url(re.compile(r"/admin/progress/evaluation/add/$"))
    admin.get_by_label("年度:", exact=True).fill("2026")
    admin.get_by_label("取組項目").select_option(label="子ども食堂の紹介")
    admin.get_by_label("自己評価").select_option(label="B：おおむね計画どおりに進んだ")
    admin.get_by_label("取り組んだこと").fill("4地区で子ども食堂の見学会を開きました。")
    admin.get_by_label("見えてきた課題").fill("食材の寄付が季節で偏ります。")
    admin.get_by_label("次年度の方向性").fill("法人の厨房を借りる仕組みをつくります。")
    admin.get_by_label("公開").check()
    admin.get_by_role("button", name="保存", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("追加しました")
    assert Evaluation.objects.filter(fiscal_year=2026, is_published=True).count() == 1

    page = new_page(device)
    visit(page, "/progress/")
    page.get_by_role("link", name="2026年度（令和8年度）の点検・評価").click()
    expect(h1(page)).to_have_text("2026年度（令和8年度） 点検・評価")
    evaluation = page.get_by_role("article", name="子ども食堂の紹介")
    expect(evaluation).to_contain_text("自己評価 B")
    expect(evaluation).to_contain_text("おおむね計画どおりに進んだ")
    expect(evaluation).to_contain_text("4地区で子ども食堂の見学会を開きました。")
    expect(evaluation).to_contain_text("法人の厨房を借りる仕組みをつくります。")
    check_page(page)

    # Printed, it is a document: no menus, and each link's address written out.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_hidden()
    after = evaluation.get_by_role("link").evaluate("a => getComputedStyle(a, '::after').content")
    assert "/progress/items/" in after
    page.emulate_media(media="screen")
