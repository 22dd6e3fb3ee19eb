"""A timeline photo that cannot be written (the disk is full) shows the admin form again.

The coordinator sees the add or change form with what they typed and a Japanese message
beside the photo field; no entry is saved or changed, nothing is logged in the admin history,
and no file is left under the media roots (tests/full_disk.py simulates the full disk).
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.test import Client

from pillars.models import ActionItem
from progress.models import TimelineEntry
from tests.full_disk import files_under, fill_disk
from tests.nerizu.factories import image_bytes, upload

pytestmark = pytest.mark.django_db

MESSAGE = "写真を保存できませんでした。時間をおいて、もう一度写真を選んで保存してください。"
ADD = "/admin/progress/timelineentry/add/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    fill_disk(monkeypatch)


def stored_files() -> list[Path]:
    return files_under(settings.MEDIA_ROOT) + files_under(settings.PRIVATE_MEDIA_ROOT)


def photo_error(html: str) -> str:
    """The error shown beside the photo field ('' if there is none)."""
    match = re.search(r'<ul class="errorlist" id="id_photo_error"><li>([^<]*)</li>', html)
    return match[1] if match else ""


def entry_form(item: ActionItem, **changes: object) -> dict[str, object]:
    return {
        "action_item": item.pk,
        "date": "2025-06-01",
        "title": "第1回説明会",
        "text": "30人が参加しました。",
        "photo": upload("hall.png", image_bytes("PNG")),
        "photo_alt": "会場の様子",
    } | changes


def test_a_new_entry_is_not_saved_and_no_file_is_left(
    coordinator_client: Client, item: ActionItem, full_disk: None
) -> None:
    response = coordinator_client.post(ADD, entry_form(item))

    assert response.status_code == 200
    assert not TimelineEntry.objects.exists()
    assert not LogEntry.objects.exists()
    assert stored_files() == []
    html = response.content.decode()
    assert photo_error(html) == MESSAGE
    assert f'<option value="{item.pk}" selected>' in html
    assert 'name="date" value="2025-06-01"' in html
    assert 'name="title" value="第1回説明会"' in html
    assert "30人が参加しました。</textarea>" in html
    assert 'name="photo_alt" value="会場の様子"' in html


def test_a_replaced_photo_keeps_the_old_one_and_the_entry_as_it_was(
    coordinator_client: Client, item: ActionItem, request: pytest.FixtureRequest
) -> None:
    entry = TimelineEntry.objects.create(
        action_item=item,
        date="2025-05-01",
        title="準備会",
        photo=ContentFile(b"old photo", name="old.jpg"),
        photo_alt="古い写真",
    )
    before = stored_files()
    assert len(before) == 1
    request.getfixturevalue("full_disk")  # the disk fills up now

    response = coordinator_client.post(
        f"/admin/progress/timelineentry/{entry.pk}/change/", entry_form(item, title="新しい見出し")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert photo_error(html) == MESSAGE
    assert 'name="title" value="新しい見出し"' in html
    assert stored_files() == before
    assert before[0].read_bytes() == b"old photo"
    entry.refresh_from_db()
    assert entry.title == "準備会"
    assert entry.photo.name == before[0].relative_to(settings.MEDIA_ROOT).as_posix()
    assert not LogEntry.objects.exists()


def test_an_entry_without_a_new_photo_is_saved_on_a_full_disk(
    coordinator_client: Client, item: ActionItem, full_disk: None
) -> None:
    response = coordinator_client.post(ADD, entry_form(item, photo="", photo_alt=""))

    assert response.status_code == 302
    assert TimelineEntry.objects.get().title == "第1回説明会"


def test_the_same_entry_and_photo_are_saved_when_the_disk_has_room(
    coordinator_client: Client, item: ActionItem
) -> None:
    response = coordinator_client.post(ADD, entry_form(item))

    assert response.status_code == 302
    entry = TimelineEntry.objects.get()
    assert entry.title == "第1回説明会"
    [stored] = stored_files()
    assert entry.photo.name == stored.relative_to(settings.MEDIA_ROOT).as_posix()
    assert stored.read_bytes().startswith(b"\xff\xd8")  # the re-encoded JPEG, whole
    assert LogEntry.objects.get().object_id == str(entry.pk)
