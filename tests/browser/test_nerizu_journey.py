"""A resident becomes ネリーズ and shares a story, in real Chromium on a desktop and a phone.

Sign up, open the verification link from the e-mail, log in, register as ネリーズ, post a
story with a photo; the story stays hidden until a coordinator approves it in the admin, and
then anyone can read it and see its photo. Every page of ours on the way is axe-clean and fits
the screen (the Django admin is not ours to restyle and is not checked with axe).
"""

import importlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from nerizu.models import Story
from tests.browser.conftest import assert_axe_clean, assert_no_horizontal_scroll, visit
from tests.conftest import PASSWORD

# Districts, themes and target groups come from a data migration; transactional browser tests
# empty every table after them, so the migration's function makes them again here.
reference_data = importlib.import_module("networks.migrations.0003_reference_data")
NEW_PASSWORD = "hikarigaoka-no-sanpo-2025"


@pytest.fixture(autouse=True)
def _nerizu_setup(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[None]:
    """Runs before `site` loads the sample data, which expects the districts to exist."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    reference_data.create(django_apps, None)
    cache.clear()  # allauth's rate limits (sign-ups, e-mails per address) live in the cache
    yield
    cache.clear()


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


def png_walk() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 90)).save(out, format="PNG")
    return out.getvalue()


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_signs_up_becomes_nerizu_and_shares_a_story_after_approval(
    new_page: Callable[..., Page], coordinator: User, device: str
) -> None:
    email = f"hikari-{device}@example.jp"
    page = new_page(device)

    # The public ネリーズ page: counts per district and the way in.
    visit(page, "/nerizu/")
    expect(h1(page)).to_have_text("ネリーズ")
    expect(page.get_by_role("table")).to_contain_text("光が丘")
    check_page(page)
    page.get_by_role("link", name="ネリーズになる").click()

    # Not signed in yet: sign-up (which links to the login), keeping the way back.
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next=%2Fnerizu%2Fjoin%2F$"))
    expect(h1(page)).to_have_text("ユーザー登録")
    check_page(page)
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード必須").fill(NEW_PASSWORD)
    page.get_by_label("パスワード (再入力)").fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ユーザー登録").click()

    # Check the mail.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(h1(page)).to_have_text("メールアドレスを確認してください")
    check_page(page)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    assert "メールアドレスの確認" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)

    # The link from the e-mail, then confirm.
    visit(page, link)
    expect(h1(page)).to_have_text("メールアドレスの確認")
    check_page(page)
    page.get_by_role("main").get_by_role("button", name="確認").click()

    # Verified in the same browser: signed in, and back where sign-up began.
    expect(page).to_have_url(re.compile(r"/nerizu/join/$"))
    expect(page.get_by_role("status")).to_contain_text("確認しました")
    expect(h1(page)).to_have_text("ネリーズになる")
    check_page(page)

    # A missing consent is explained next to the checkbox, and what was typed is kept.
    page.get_by_label("表示名").fill("ひかりん")
    page.get_by_role("radio", name="光が丘").check()
    page.get_by_label("どんなことで関わりたいか").fill("近所の見守りを手伝いたい。")
    page.get_by_role("button", name="ネリーズに登録する").click()
    expect(page.get_by_role("alert")).to_contain_text("ネリーズ利用規約への同意が必要です。")
    expect(page.get_by_label("表示名")).to_have_value("ひかりん")
    check_page(page)
    page.get_by_role("checkbox", name=re.compile("ネリーズ利用規約に同意します")).check()
    page.get_by_role("button", name="ネリーズに登録する").click()

    # マイページ
    expect(page).to_have_url(re.compile(r"/nerizu/me/$"))
    expect(h1(page)).to_have_text("マイページ")
    expect(page.get_by_role("status")).to_contain_text("ネリーズに登録しました。")
    check_page(page)
    page.get_by_role("link", name="活動紹介を投稿する").click()

    # Post a story with a photo.
    expect(h1(page)).to_have_text("活動紹介を投稿する")
    check_page(page)
    page.get_by_label("タイトル").fill("朝の見守り散歩")
    page.get_by_label("本文").fill("通学路を歩いて、子どもたちにあいさつしました。")
    page.get_by_label("写真任意").set_input_files(
        {"name": "walk.png", "mimeType": "image/png", "buffer": png_walk()}
    )
    page.get_by_label("写真の説明").fill("朝の通学路")
    page.get_by_role("button", name="投稿する").click()

    # The author's view of it: waiting for review.
    expect(h1(page)).to_have_text("朝の見守り散歩")
    expect(page.get_by_role("main")).to_contain_text("確認待ち")
    check_page(page)
    story = Story.objects.get(title="朝の見守り散歩")
    assert story.status == Story.Status.PENDING
    story_path = story.get_absolute_url()

    # Anyone else: not in the list, not at its address, no photo.
    visitor = new_page(device)
    visit(visitor, "/nerizu/stories/")
    expect(visitor.get_by_role("main")).not_to_contain_text("朝の見守り散歩")
    check_page(visitor)
    visit(visitor, story_path, status=404)
    visit(visitor, f"{story_path}photo", status=404)

    # A coordinator approves it in the admin.
    admin = new_page("desktop")
    visit(admin, "/admin/login/?next=/admin/nerizu/story/")
    admin.get_by_label("メールアドレス").fill(coordinator.email)
    admin.get_by_label("パスワード").fill(PASSWORD)
    admin.get_by_role("main").get_by_role("button", name="ログイン").click()
    expect(admin).to_have_url(re.compile(r"/admin/nerizu/story/$"))
    admin.get_by_role("link", name="確認待ち").click()
    row = admin.get_by_role("row", name=re.compile("朝の見守り散歩"))
    row.get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="承認する（公開する）")
    admin.get_by_role("button", name="実行").click()
    expect(admin.locator(".messagelist")).to_contain_text("1件の活動紹介を承認しました。")

    # Now public: in the list, with its photo, and on its own page.
    visit(visitor, "/nerizu/stories/")
    card = visitor.get_by_role("article").filter(has_text="朝の見守り散歩")
    expect(card).to_contain_text("ひかりんさん（光が丘地区）")
    photo = card.get_by_role("img", name="朝の通学路")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    # decode() waits until the picture has loaded (and fails for a broken one)
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    check_page(visitor)
    card.get_by_role("link", name="朝の見守り散歩").click()
    expect(h1(visitor)).to_have_text("朝の見守り散歩")
    expect(visitor.get_by_role("main")).not_to_contain_text("確認待ち")
    expect(visitor.get_by_role("main")).not_to_contain_text(email)
    check_page(visitor)
