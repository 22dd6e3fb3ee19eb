"""The pages of meetings, paused activities and hashtags with stories, in real Chromium at
1280 px and 360 px: axe-clean and without sideways scrolling. A coordinator registers to
attend a members-only meeting from its page."""

import importlib
import re
from collections.abc import Callable

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from accounts.models import User
from nerizu.models import Story
from networks.models import Activity, Meeting
from pillars.models import Hashtag
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.nerizu.factories import NerizuFactory, StoryFactory

reference_data = importlib.import_module("networks.migrations.0003_reference_data")


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    reference_data.create(django_apps, None)


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_meetings_paused_activities_and_tagged_stories_are_axe_clean(
    new_page: Callable[..., Page], site: str, device: str
) -> None:
    salon = Activity.objects.get(title="ひかりサロン（サンプル）")
    salon.is_paused = True
    salon.pause_reason = "会場の改修工事のため（サンプル）"
    salon.save()
    story = StoryFactory(
        nerizu=NerizuFactory(), title="見守りの話（サンプル）", status=Story.Status.APPROVED
    )
    story.hashtags.add(Hashtag.objects.get(name="見守り"))
    held = Meeting.objects.get(title="全体会（サンプル）")
    page = new_page(device)

    for path in (
        "/meetings/",
        held.get_absolute_url(),
        salon.get_absolute_url(),
        "/activities/",
        "/tags/%E8%A6%8B%E5%AE%88%E3%82%8A/",
        story.get_absolute_url(),
        "/forces/network/",
    ):
        visit(page, path)
        check_page(page)

    visit(page, held.get_absolute_url())
    expect(page.get_by_role("heading", name="議事録")).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_coordinator_registers_for_a_members_only_meeting(
    new_page: Callable[..., Page], site: str, coordinator: User, device: str
) -> None:
    closed = Meeting.objects.get(title="世話人会（サンプル）")
    page = new_page(device)
    visit(page, f"/admin/login/?next={closed.get_absolute_url()}")
    page.get_by_label("メールアドレス").fill(coordinator.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(rf"{closed.get_absolute_url()}$"))
    check_page(page)

    page.get_by_role("button", name="出席を登録する").click()

    expect(page.get_by_text("あなたは出席を登録しています。")).to_be_visible()
    check_page(page)
    assert closed.attendances.filter(user=coordinator).exists()
