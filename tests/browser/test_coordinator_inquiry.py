"""A resident finds the coordinators and sends them an inquiry, in real Chromium.

From the coordinators' driving-force page to their profiles (filtered by district), then to
「コーディネーターに相談する」: a first try with a mistake shows the message beside the field
and keeps everything typed; the corrected form shows the reference number. Every page on the
way is axe-clean and fits the screen, on a desktop (1280 px) and a phone (360 px).
"""

import importlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import Page, expect

from consultations.models import Inquiry
from networks.models import Coordinator, District
from tests.browser.conftest import (
    assert_axe_clean,
    assert_no_horizontal_scroll,
    styled_box,
    visit,
)

MESSAGE = "母が一人暮らしで、最近外に出なくなりました。\n近くに通える場所はありますか。"


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Districts, themes and target groups, as networks' migration makes them.

    Transactional tests empty every table afterwards, rows made by migrations included, and
    `site` loads sample data that needs them: autouse fixtures run first, so they are back.
    """
    migration = importlib.import_module("networks.migrations.0003_reference_data")
    migration.create(django_apps, None)


@pytest.fixture(autouse=True)
def coordinators(reference_data: None, site: str, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.INQUIRY_NOTIFY_EMAILS = ["soudan@example.jp"]
    photo = io.BytesIO()
    Image.new("RGB", (200, 200), (0, 105, 92)).save(photo, "PNG")
    oizumi = Coordinator.objects.create(
        name="大泉 花子",
        name_kana="おおいずみ はなこ",
        photo=ContentFile(photo.getvalue(), name="hanako.png"),
        photo_alt="笑顔の大泉さん",
        strengths="高齢の方の見守り、居場所づくり",
        message="どんな小さなことでも、まずはお話を聞かせてください。",
        order=0,
    )
    oizumi.districts.set(District.objects.filter(slug="oizumi"))
    nerima = Coordinator.objects.create(name="練馬 次郎", strengths="子育ての相談", order=0)
    nerima.districts.set(District.objects.filter(slug="nerima"))


def check_page(page: Page) -> None:
    assert_axe_clean(page)
    assert_no_horizontal_scroll(page)


def error_beside(page: Page, field: str) -> Any:
    return page.locator(f"#id_{field}_error")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_resident_sends_a_coordinator_inquiry_and_sees_its_reference_number(
    new_page: Callable[..., Page], device: str
) -> None:
    page = new_page(device)

    # The coordinators' driving-force page invites residents to the profiles.
    visit(page, "/forces/coordinators/")
    check_page(page)
    page.get_by_role("link", name="コーディネーターの紹介を見る").click()

    # Profiles, then only those in charge of 大泉.
    expect(page.get_by_role("heading", level=1)).to_have_text("地域福祉コーディネーターの紹介")
    photo = page.get_by_role("img", name="笑顔の大泉さん")
    expect(photo).to_be_visible()
    page.wait_for_function(  # the photo arrives through its view (loading="lazy")
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    check_page(page)
    page.get_by_label("担当地区で絞り込む").select_option(label="大泉")
    page.get_by_role("button", name="絞り込む").click()
    expect(page).to_have_url(re.compile(r"/coordinators/\?district=oizumi$"))
    expect(page.get_by_role("heading", name="大泉 花子")).to_be_visible()
    expect(page.get_by_role("heading", name="練馬 次郎")).to_have_count(0)
    check_page(page)

    # The form. First try: 電話 chosen, but no number given.
    page.get_by_role("main").get_by_role("link", name="コーディネーターに相談する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("コーディネーターに相談する")
    check_page(page)
    page.get_by_label("お名前").fill("大泉 一郎")
    page.get_by_role("radio", name="電話").check()
    page.get_by_label("お住まいの地区").select_option(label="大泉")
    page.get_by_role("radio", name="介護・高齢のこと").check()
    page.get_by_label("ご相談の内容").fill(MESSAGE)
    page.get_by_role("checkbox", name="個人情報の取り扱いについて同意します").check()
    page.get_by_role("button", name="送信する").click()

    expect(page).to_have_title(re.compile("まだ送信されていません"))
    phone = page.get_by_label("電話番号")
    expect(error_beside(page, "phone")).to_have_text(
        "「電話」を選んだ場合は、電話番号を入力してください。"
    )
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"\bid_phone_error\b"))
    # The message sits right by its field: just above the box, not somewhere else on the page.
    error_box = styled_box(error_beside(page, "phone"))
    phone_box = styled_box(phone)
    assert 0 <= phone_box["y"] - (error_box["y"] + error_box["height"]) < 40
    # Everything typed is still there.
    expect(page.get_by_label("お名前")).to_have_value("大泉 一郎")
    expect(page.get_by_role("radio", name="電話")).to_be_checked()
    expect(page.get_by_label("お住まいの地区")).to_have_value("oizumi")
    expect(page.get_by_role("radio", name="介護・高齢のこと")).to_be_checked()
    expect(page.get_by_label("ご相談の内容")).to_have_value(MESSAGE)
    expect(
        page.get_by_role("checkbox", name="個人情報の取り扱いについて同意します")
    ).to_be_checked()
    # The summary on top links to the field.
    page.get_by_role("link", name=re.compile("^電話番号：")).click()
    expect(phone).to_be_focused()
    check_page(page)
    assert not Inquiry.objects.exists()

    # Corrected: sent, and the reference number is shown.
    phone.fill("03-1234-5678")
    page.get_by_role("button", name="送信する").click()

    expect(page).to_have_url(re.compile(r"/consult/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ご相談を受け付けました")
    inquiry = Inquiry.objects.get()
    expect(page.locator(".consult-reference")).to_contain_text("受付番号")
    expect(page.locator(".consult-reference__number")).to_have_text(inquiry.reference)
    check_page(page)

    assert inquiry.name == "大泉 一郎"
    assert inquiry.phone == "03-1234-5678"
    assert inquiry.message == MESSAGE
    assert inquiry.district.slug == "oizumi"
    # Staff heard of it, without a word of what was sent.
    (notice,) = mail.outbox
    assert inquiry.reference in notice.subject
    for typed in ("大泉 一郎", "1234-5678", "一人暮らし", "介護"):
        assert typed not in notice.subject + notice.body


def test_the_privacy_notice_opens_beside_the_form_and_is_axe_clean(
    new_page: Callable[..., Page],
) -> None:
    page = new_page("phone")
    visit(page, "/consult/")
    page.get_by_label("ご相談の内容").fill(MESSAGE)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("個人情報の取り扱いについて")).click()
    notice = opened.value
    notice.wait_for_load_state()

    expect(notice.get_by_role("heading", level=1)).to_have_text(
        "相談フォームでの個人情報の取り扱いについて"
    )
    check_page(notice)
    expect(page.get_by_label("ご相談の内容")).to_have_value(MESSAGE)  # the form is untouched
