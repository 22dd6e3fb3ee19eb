"""A photo that cannot be written (the disk is full) leaves no file behind and no 500.

The full disk is simulated where the bytes go (tests/full_disk.py): the photo directory must
hold no file afterwards, and the author sees the form again, with what they typed and a
Japanese message beside the photo field.
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from core.storage import FileNotStored
from nerizu.models import Nerizu, Story
from tests.full_disk import files_under, fill_disk
from tests.nerizu.factories import StoryFactory, image_bytes, upload

pytestmark = pytest.mark.django_db

MESSAGE = "写真を保存できませんでした。"


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    fill_disk(monkeypatch)


def photo_error(html: str) -> str:
    """The error shown beside the photo field ('' if there is none)."""
    match = re.search(r'<ul class="errorlist" id="id_photo_error"><li>([^<]*)</li>', html)
    return match[1] if match else ""


def story_data(**changes: object) -> dict[str, object]:
    return {
        "title": "サロンのお手伝い",
        "body": "お茶を配りました。三十人ほどが集まりました。",
        "photo_alt": "テーブルを囲む人たち",
        "photo": upload("salon.png", image_bytes("PNG")),
    } | changes


def test_a_new_story_is_not_saved_and_no_file_is_left(
    resident_client: Client, nerizu: Nerizu, full_disk: None
) -> None:
    response = resident_client.post("/nerizu/stories/new/", story_data())

    assert response.status_code == 200
    assert not Story.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    html = response.content.decode()
    assert photo_error(html).startswith(MESSAGE)
    assert 'name="title" value="サロンのお手伝い"' in html
    assert "お茶を配りました。三十人ほどが集まりました。</textarea>" in html
    assert 'name="photo_alt" value="テーブルを囲む人たち"' in html


def test_a_replaced_photo_keeps_the_old_one_and_the_story_as_it_was(
    resident_client: Client, nerizu: Nerizu, request: pytest.FixtureRequest
) -> None:
    story = StoryFactory(nerizu=nerizu, title="元の見出し")
    story.photo.save("photo.jpg", ContentFile(b"old photo"), save=True)
    before = files_under(settings.PRIVATE_MEDIA_ROOT)
    assert len(before) == 1
    request.getfixturevalue("full_disk")  # the disk fills up now

    response = resident_client.post(
        f"/nerizu/stories/{story.pk}/edit/", story_data(title="新しい見出し")
    )

    assert response.status_code == 200
    assert photo_error(response.content.decode()).startswith(MESSAGE)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == before
    assert before[0].read_bytes() == b"old photo"
    story.refresh_from_db()
    assert story.title == "元の見出し"


def test_a_story_without_a_photo_is_saved_on_a_full_disk(
    resident_client: Client, nerizu: Nerizu, full_disk: None
) -> None:
    response = resident_client.post("/nerizu/stories/new/", story_data(photo="", photo_alt=""))

    assert response.status_code == 302
    assert Story.objects.get().title == "サロンのお手伝い"


def test_the_default_storage_leaves_no_file_either(
    settings: Any, tmp_path: Path, full_disk: None
) -> None:
    """Timeline and coordinator photos go to the default storage (MEDIA_ROOT)."""
    with pytest.raises(FileNotStored, match="No space left"):
        default_storage.save("timeline/photo.jpg", ContentFile(b"x" * 100_000))

    assert files_under(settings.MEDIA_ROOT) == []


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
