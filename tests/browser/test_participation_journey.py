"""A resident signs up from an activity's page, confirms the e-mail, joins a date in two steps,
finds it in マイページ and in the private calendar, and cancels; the resident waiting for the
one place is moved up and told. The organiser sees the roster. Desktop and phone: every new
page is axe-clean and fits the screen."""

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import icalendar
import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.factories import ActivityFactory, at

reference_data = importlib.import_module("networks.migrations.0003_reference_data")
NEW_PASSWORD = "hikarigaoka-no-sanpo-2025"


@pytest.fixture(autouse=True)
def _setup(transactional_db: None) -> Iterator[None]:
    reference_data.create(django_apps, None)
    cache.clear()  # allauth's rate limits live in the cache
    yield
    cache.clear()


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_signs_up_joins_sees_it_and_cancels_and_the_next_one_moves_up(
    new_page: Callable[..., Page], coordinator: User, device: str
) -> None:
    day = timezone.localdate() + dt.timedelta(days=9)
    activity: Activity = ActivityFactory(title="サンプル 朝の体操クラブ", sessions=[at(day, 9)])
    activity.start_time, activity.end_time = dt.time(9), dt.time(10, 30)
    activity.save()
    ParticipationSettings.objects.create(
        activity=activity, capacity=1, question="体操で気をつけることはありますか。"
    )
    email = f"asa-{device}@example.jp"
    page = new_page(device)

    # The activity's page: one place left; 参加する leads to sign-up, with a login link.
    visit(page, activity.get_absolute_url())
    panel = page.get_by_role("region", name="参加を申し込む")
    expect(panel).to_contain_text("残り1人")
    check_page(page)
    panel.get_by_role("link", name=re.compile("参加する")).first.click()
    expect(h1(page)).to_have_text("ユーザー登録")
    expect(page.get_by_role("main").get_by_role("link", name="ログイン")).to_be_visible()
    check_page(page)
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード必須").fill(NEW_PASSWORD)
    page.get_by_label("パスワード (再入力)").fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ユーザー登録").click()

    # The e-mail, its link, confirm: signed in and back on the join form.
    expect(h1(page)).to_have_text("メールアドレスを確認してください")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    visit(page, link)
    page.get_by_role("main").get_by_role("button", name="確認").click()
    expect(h1(page)).to_have_text("参加を申し込む")
    expect(page.get_by_role("radio", name=re.compile(f"{day.month}月{day.day}日"))).to_be_checked()
    check_page(page)

    # Step 1 with the answer, step 2 confirms.
    page.get_by_label("体操で気をつけることはありますか。").fill("腰痛があります")
    page.get_by_role("button", name="確認へ進む").click()
    expect(h1(page)).to_have_text("申込み内容の確認")
    expect(page.get_by_role("main")).to_contain_text("腰痛があります")
    check_page(page)
    page.get_by_role("button", name="申し込む").click()

    # マイページ: 参加予定.
    expect(page).to_have_url(re.compile(r"/nerizu/me/$"))
    expect(page.get_by_role("status")).to_contain_text("参加を申し込みました。")
    plans = page.get_by_role("region", name="参加予定")
    expect(plans).to_contain_text("サンプル 朝の体操クラブ")
    check_page(page)
    assert "参加の申込みを受け付けました" in mail.outbox[-1].subject

    # The private calendar: make the URL, read the feed with an iCalendar parser.
    plans.get_by_role("link", name="参加予定をカレンダーアプリに表示する").click()
    expect(h1(page)).to_have_text("参加予定のカレンダー")
    check_page(page)
    page.get_by_role("button", name="URLを発行する").click()
    feed_url = page.locator("#feed-url").inner_text()
    check_page(page)
    feed = page.request.get(feed_url)
    assert feed.ok
    events = list(icalendar.Calendar.from_ical(feed.body()).walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["サンプル 朝の体操クラブ"]
    assert events[0].decoded("DTSTART").date() == day

    # Someone else wants the same place: full, so they wait.
    neighbour = User.objects.create_user("matsu@example.jp", PASSWORD, name="待つ 人")
    waiting = services.participation_join(user=neighbour, activity=activity, date=day)
    assert waiting.status == Participation.Status.WAITING

    # The organiser's roster: names and answers.
    organiser = new_page(device)
    roster = f"/activities/{activity.pk}/roster/"
    visit(organiser, f"/accounts/login/?next={roster}")
    organiser.get_by_label("メールアドレス").fill(coordinator.email)
    organiser.get_by_label("パスワード必須").fill(PASSWORD)
    organiser.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(h1(organiser)).to_have_text("参加者名簿")
    check_page(organiser)
    organiser.get_by_role("link", name=re.compile(f"{day.month}月{day.day}日")).click()
    table = organiser.get_by_role("table")
    expect(table).to_contain_text("腰痛があります")
    expect(table).to_contain_text("キャンセル待ち")
    expect(organiser.get_by_role("link", name="CSVで書き出す")).to_be_visible()
    check_page(organiser)

    # The resident cancels; the one waiting is moved up and told.
    visit(page, "/nerizu/me/")
    mail.outbox.clear()
    page.get_by_role("link", name=re.compile("申込みを取り消す")).click()
    expect(h1(page)).to_have_text("申込みを取り消す")
    check_page(page)
    page.get_by_role("button", name="取り消す").click()
    expect(page.get_by_role("status")).to_contain_text("申込みを取り消しました。")
    expect(page.get_by_role("region", name="参加予定")).to_contain_text(
        "申し込んでいる活動はありません。"
    )
    waiting.refresh_from_db()
    assert waiting.status == Participation.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [[neighbour.email]]
    assert "キャンセル待ちから参加が決まりました" in mail.outbox[0].subject

    # The feed is empty now.
    events = list(icalendar.Calendar.from_ical(page.request.get(feed_url).body()).walk("VEVENT"))
    assert events == []
