"""A photo that cannot be written (the disk is full) leaves no file behind and no 500.

The full disk is simulated where the bytes go: a file opened for writing under the photo
directory accepts half of what it is given and then fails with ENOSPC, as write(2) does on a
full device. Whatever the storage does, the directory must hold no file afterwards — not a
truncated one, not an empty one, not a temporary one — and the author sees the form again,
with what they typed and a Japanese message beside the photo field.
"""

import errno
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from nerizu.models import Nerizu, Story
from tests.nerizu.factories import StoryFactory, image_bytes, upload

pytestmark = pytest.mark.django_db

MESSAGE = "写真を保存できませんでした。"


class FullDiskFile:
    """A file on a device with room for half of the next write."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> "FullDiskFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files opened for writing under PRIVATE_MEDIA_ROOT or MEDIA_ROOT hit a full disk."""
    real_fdopen = os.fdopen
    roots = (str(settings.PRIVATE_MEDIA_ROOT), str(settings.MEDIA_ROOT))

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        f = real_fdopen(fd, mode, *args, **kwargs)
        if "w" in mode and os.readlink(f"/proc/self/fd/{fd}").startswith(roots):
            return FullDiskFile(f)
        return f

    monkeypatch.setattr(os, "fdopen", fdopen)


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


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
    with pytest.raises(OSError, match="No space left"):
        default_storage.save("timeline/photo.jpg", ContentFile(b"x" * 100_000))

    assert files_under(settings.MEDIA_ROOT) == []


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
