"""Every account page (allauth's, in our frame) and every page of a Nerizu's own, in Chromium:
axe-clean and without sideways scrolling on a desktop and a phone."""

import importlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from nerizu import services
from networks.models import District
from tests.browser.conftest import axe_violations, describe_violations, scrolls_sideways, visit
from tests.conftest import PASSWORD

reference_data = importlib.import_module("networks.migrations.0003_reference_data")

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/no-such-key/",
    "/accounts/password/reset/key/1-set-password/",
]
SIGNED_IN_PAGES = [
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/logout/",
    "/nerizu/me/",
    "/nerizu/me/edit/",
    "/nerizu/me/withdraw/",
    "/nerizu/me/delete-account/",
    "/nerizu/stories/new/",
    "/nerizu/join/",  # already registered: redirected to マイページ with a message
]


@pytest.fixture(autouse=True)
def _setup(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    reference_data.create(django_apps, None)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story_pages(resident: User) -> list[str]:
    """The resident as ネリーズ with a pending story that has a photo: its own pages."""
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    nerizu = services.nerizu_register(
        user=resident,
        display_name="ひかりん",
        district=District.objects.get(slug="hikarigaoka"),
        interests=[],
        how_to_help="見守り",
    )
    png = io.BytesIO()
    Image.new("RGB", (80, 60), "teal").save(png, format="PNG")
    story = services.story_submit(
        nerizu=nerizu,
        title="見守りの話",
        body="本文",
        photo=SimpleUploadedFile("a.png", png.getvalue(), "image/png"),
        photo_alt="公園",
    )
    url = story.get_absolute_url()
    return [url, f"{url}edit/", f"{url}delete/"]


def problems_on(page: Page, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        visit(page, url)
        if page.get_by_role("heading", level=1).count() != 1:
            problems.append(f"{url}: not exactly one h1")
        if violations := axe_violations(page):
            problems.append(f"{url}:\n{describe_violations(violations)}")
        if scrolls_sideways(page):
            problems.append(f"{url}: scrolls sideways")
    return problems


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_account_pages_are_axe_clean_for_anonymous_visitors(
    new_page: Callable[..., Page], device: str
) -> None:
    problems = problems_on(new_page(device), ANONYMOUS_PAGES)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_nerizus_own_pages_are_axe_clean(
    new_page: Callable[..., Page], story_pages: list[str], device: str
) -> None:
    page = new_page(device)
    visit(page, "/accounts/login/")
    page.get_by_label("メールアドレス").fill("resident@example.jp")
    page.get_by_label("パスワード必須").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/$"))

    problems = problems_on(page, SIGNED_IN_PAGES + story_pages)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_form_errors_are_axe_clean(new_page: Callable[..., Page], device: str) -> None:
    page = new_page(device)
    visit(page, "/accounts/signup/")
    page.get_by_label("メールアドレス").fill("not-an-address")
    page.get_by_role("main").get_by_role("button", name="ユーザー登録").click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert not axe_violations(page), describe_violations(axe_violations(page))
