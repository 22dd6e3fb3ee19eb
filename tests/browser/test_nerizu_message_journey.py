"""A coordinator writes to one district's ネリーズ, in real Chromium: write, preview, a test send
to themselves, send; the mail goes through a real SMTP conversation to a local server the test
runs (aiosmtpd), and only the opted-in ネリーズ of that district receive it. A recipient then
unsubscribes from the mail's link without signing in. Every page of ours is axe-clean at
1280 and 360 px (the Django admin's login page is not ours)."""

import importlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.models import User
from nerizu.models import Following, MessageDelivery, Nerizu
from networks.models import Coordinator, District
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD
from tests.nerizu.factories import NerizuFactory, UserFactory
from tests.smtp_sink import Sink

reference_data = importlib.import_module("networks.migrations.0003_reference_data")


@pytest.fixture(autouse=True)
def _districts(transactional_db: None) -> None:
    reference_data.create(django_apps, None)
    cache.clear()


def check_page(page: Page) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert_axe_clean(page)
        assert_no_horizontal_scroll(page)


def nerizu(email: str, name: str, district: District, *, opted_in: bool) -> Nerizu:
    person = NerizuFactory(user=UserFactory(email=email), display_name=name, district=district)
    Following.objects.create(user=person.user, district_messages=opted_in)
    return person


@pytest.mark.parametrize("device", ["desktop"])
def test_a_coordinator_writes_to_one_districts_opted_in_nerizu(
    new_page: Callable[..., Page],
    coordinator: User,
    sink: tuple[Sink, int],
    settings: Any,
    device: str,
) -> None:
    handler, port = sink
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    hikarigaoka = District.objects.get(slug="hikarigaoka")
    Coordinator.objects.create(name="光が丘 担当", account=coordinator).districts.set([hikarigaoka])
    nerizu("hikari@example.jp", "ひかり", hikarigaoka, opted_in=True)
    nerizu("shizuka@example.jp", "しずか", hikarigaoka, opted_in=False)
    nerizu("tooku@example.jp", "とおく", District.objects.get(slug="oizumi"), opted_in=True)

    page = new_page(device)
    visit(page, "/admin/login/?next=/nerizu/messages/new/")
    page.get_by_label("メールアドレス").fill(coordinator.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()

    # Write
    expect(page).to_have_url(re.compile(r"/nerizu/messages/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("お知らせを書く")
    check_page(page)
    page.get_by_label("地区のネリーズ").check()
    page.get_by_label("光が丘").check()
    page.get_by_label("件名").fill("6月の懇談会のご案内")
    page.get_by_label("本文").fill("6月14日の懇談会にお越しください。")
    page.get_by_role("button", name="内容を確認する").click()

    # Preview: how many, then a test send to oneself
    expect(page.get_by_role("heading", level=1)).to_have_text("お知らせの確認")
    expect(page.get_by_role("main")).to_contain_text("1人")
    check_page(page)
    page.get_by_role("button", name="自分あてにテスト送信する").click()
    expect(page.get_by_role("main")).to_contain_text("テスト送信しました")
    assert handler.recipients == [coordinator.email]
    page.get_by_role("button", name="1人に送信する").click()

    # The log: names and states, no addresses
    expect(page.get_by_role("heading", level=1)).to_have_text("6月の懇談会のご案内")
    expect(page.get_by_role("table")).to_contain_text("ひかり")
    expect(page.get_by_role("table")).to_contain_text("送信済み")
    assert "@" not in page.get_by_role("main").inner_text()
    check_page(page)

    # Only the opted-in ネリーズ of 光が丘 received it, each their own.
    assert handler.recipients == [coordinator.email, "hikari@example.jp"]
    message = handler.messages[-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    settings_link = re.search(r"https?://\S+/nerizu/me/following/", message.get_payload())
    assert settings_link, message.get_payload()
    link = re.search(r"<([^>]+)>", "".join(message["List-Unsubscribe"].split())).group(1)
    assert link.startswith(settings.SITE_URL)  # https in production (SITE_URL)

    # Unsubscribing from the mail's link, signed out
    reader = new_page(device)
    visit(reader, urlsplit(link).path)
    expect(reader.get_by_role("heading", level=1)).to_have_text("メールの配信停止")
    check_page(reader)
    reader.get_by_role("button", name="配信を停止する").click()
    expect(reader.get_by_role("status")).to_contain_text("配信を停止しました")
    check_page(reader)
    hikari = Following.objects.get(user__email="hikari@example.jp")
    assert hikari.district_messages is False
    assert MessageDelivery.objects.get().unsubscribed_at is not None

    # The coordinator's log says so.
    page.reload()
    expect(page.get_by_role("table")).to_contain_text("配信停止")
