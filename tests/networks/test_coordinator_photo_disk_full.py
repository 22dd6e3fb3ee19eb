"""A coordinator's profile photo that cannot be written (the disk is full) shows the admin
form again, with what was typed and a Japanese message beside the photo field; no profile is
saved or changed and no file is left under the media roots (tests/full_disk.py)."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.test import Client

from networks.models import Coordinator, District
from tests.full_disk import files_under, fill_disk
from tests.nerizu.factories import image_bytes, upload

pytestmark = pytest.mark.django_db

MESSAGE = "写真を保存できませんでした。時間をおいて、もう一度写真を選んで保存してください。"
ADD = "/admin/networks/coordinator/add/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    fill_disk(monkeypatch)


@pytest.fixture
def oizumi(db: None) -> District:
    return District.objects.get(slug="oizumi")


def stored_files() -> list[Path]:
    return files_under(settings.MEDIA_ROOT) + files_under(settings.PRIVATE_MEDIA_ROOT)


def photo_error(html: str) -> str:
    """The error shown beside the photo field ('' if there is none)."""
    match = re.search(r'<ul class="errorlist" id="id_photo_error"><li>([^<]*)</li>', html)
    return match[1] if match else ""


def profile_form(district: District, **changes: object) -> dict[str, object]:
    return {
        "name": "大泉 花子",
        "name_kana": "おおいずみ はなこ",
        "districts": [district.pk],
        "photo": upload("face.png", image_bytes("PNG")),
        "photo_alt": "笑顔の大泉さん",
        "strengths": "居場所づくり",
        "message": "気軽に声をかけてください。",
        "order": "7",
        "is_listed": "on",
    } | changes


def test_a_new_profile_is_not_saved_and_no_file_is_left(
    coordinator_client: Client, oizumi: District, full_disk: None
) -> None:
    response = coordinator_client.post(ADD, profile_form(oizumi))

    assert response.status_code == 200
    assert not Coordinator.objects.exists()
    assert not LogEntry.objects.exists()
    assert stored_files() == []
    html = response.content.decode()
    assert photo_error(html) == MESSAGE
    assert 'name="name" value="大泉 花子"' in html
    assert 'name="name_kana" value="おおいずみ はなこ"' in html
    assert re.search(rf'name="districts" value="{oizumi.pk}"[^>]* checked', html)
    assert 'name="photo_alt" value="笑顔の大泉さん"' in html
    assert 'name="strengths" value="居場所づくり"' in html
    assert "気軽に声をかけてください。</textarea>" in html
    assert 'name="order" value="7"' in html


def test_a_replaced_photo_keeps_the_old_one_and_the_profile_as_it_was(
    coordinator_client: Client, oizumi: District, request: pytest.FixtureRequest
) -> None:
    profile = Coordinator.objects.create(
        name="光が丘 太郎", photo=ContentFile(b"old photo", name="old.jpg"), photo_alt="古い写真"
    )
    before = stored_files()
    assert len(before) == 1
    request.getfixturevalue("full_disk")  # the disk fills up now

    response = coordinator_client.post(
        f"/admin/networks/coordinator/{profile.pk}/change/", profile_form(oizumi)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert photo_error(html) == MESSAGE
    assert 'name="name" value="大泉 花子"' in html
    assert stored_files() == before
    assert before[0].read_bytes() == b"old photo"
    profile.refresh_from_db()
    assert profile.name == "光が丘 太郎"
    assert profile.photo.name == before[0].relative_to(settings.MEDIA_ROOT).as_posix()
    assert not profile.districts.exists()
    assert not LogEntry.objects.exists()


def test_a_profile_without_a_new_photo_is_saved_on_a_full_disk(
    coordinator_client: Client, oizumi: District, full_disk: None
) -> None:
    response = coordinator_client.post(ADD, profile_form(oizumi, photo="", photo_alt=""))

    assert response.status_code == 302
    assert Coordinator.objects.get().name == "大泉 花子"


def test_the_same_profile_and_photo_are_saved_when_the_disk_has_room(
    coordinator_client: Client, oizumi: District
) -> None:
    response = coordinator_client.post(ADD, profile_form(oizumi))

    assert response.status_code == 302
    profile = Coordinator.objects.get()
    assert profile.name == "大泉 花子"
    assert list(profile.districts.all()) == [oizumi]
    [stored] = stored_files()
    assert profile.photo.name == stored.relative_to(settings.MEDIA_ROOT).as_posix()
    assert stored.read_bytes().startswith(b"\xff\xd8")  # the re-encoded JPEG, whole
    assert LogEntry.objects.get().object_id == str(profile.pk)
