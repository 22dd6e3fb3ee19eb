"""The organiser of an activity joined as a whole series records, date by date, who came: the
series roster lists its past dates, a date's page has a checkbox for each place held then.
Desktop and phone, by keyboard: both pages are axe-clean and fit the screen."""

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from networks.models import Activity
from participation.models import Participation, ParticipationSettings, SeriesAttendance
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.factories import ActivityFactory

reference_data = importlib.import_module("networks.migrations.0003_reference_data")


@pytest.fixture(autouse=True)
def _setup(transactional_db: None) -> Iterator[None]:
    reference_data.create(django_apps, None)
    cache.clear()  # allauth's rate limits live in the cache
    yield
    cache.clear()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_organiser_records_who_came_on_a_date_of_the_series(
    new_page: Callable[..., Page], coordinator: User, resident: User, device: str
) -> None:
    last_week = timezone.localdate() - dt.timedelta(days=7)
    salon: Activity = ActivityFactory(
        title="サンプル 木曜サロン",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[last_week.weekday()],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    ParticipationSettings.objects.create(activity=salon, capacity=5, scope="series")
    place = Participation.objects.create(
        activity=salon, user=resident, created_at=timezone.now() - dt.timedelta(days=30)
    )

    page = new_page(device)
    roster = f"/activities/{salon.pk}/roster/"
    visit(page, f"/accounts/login/?next={roster}")
    page.get_by_label("メールアドレス").fill(coordinator.email)
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    dates = page.get_by_role("region", name="開催日ごとの出席")
    expect(dates).to_be_visible()
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)

    date_link = dates.get_by_role("link", name=re.compile(f"{last_week.month}月{last_week.day}日"))
    date_link.focus()
    page.keyboard.press("Enter")
    came = page.get_by_role("checkbox", name=resident.name)
    expect(came).not_to_be_checked()
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)
    came.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="出席を保存する").click()

    expect(page.get_by_role("status")).to_contain_text("出席を記録しました（1人）。")
    row = page.get_by_role("row").filter(has_text=resident.name)
    expect(row).to_contain_text("出席")
    expect(row).not_to_contain_text("未記録")
    assert SeriesAttendance.objects.get(participation=place, date=last_week).attended is True
