"""Coordinators keep the coordinators' public profiles in the admin, photo included."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from networks.models import Coordinator, District


@pytest.fixture
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path


def profile_form(**changes: object) -> dict[str, object]:
    data = {
        "name": "大泉 花子",
        "name_kana": "おおいずみ はなこ",
        "districts": [District.objects.get(slug="oizumi").pk],
        "photo_alt": "笑顔の大泉さん",
        "strengths": "居場所づくり",
        "message": "気軽に声をかけてください。",
        "order": "1",
        "is_listed": "on",
    }
    return data | changes


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 105, 92)).save(buffer, "PNG")
    return SimpleUploadedFile("face.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_a_coordinator_adds_a_profile_with_a_photo(coordinator_client: Client, media: None) -> None:
    response = coordinator_client.post(
        "/admin/networks/coordinator/add/", profile_form(photo=png())
    )

    assert response.status_code == 302
    profile = Coordinator.objects.get()
    assert profile.photo.name.startswith("coordinators/")
    assert [d.slug for d in profile.districts.all()] == ["oizumi"]
    assert not profile.is_sample


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_in_japanese(
    coordinator_client: Client, media: None
) -> None:
    fake = SimpleUploadedFile("face.png", b"not an image", content_type="image/png")

    response = coordinator_client.post("/admin/networks/coordinator/add/", profile_form(photo=fake))

    assert response.status_code == 200
    assert "画像をアップロードしてください" in response.content.decode()
    assert not Coordinator.objects.exists()


@pytest.mark.django_db
def test_a_new_profile_with_a_photo_and_a_mistake_shows_the_mistake(
    coordinator_client: Client, media: None
) -> None:
    response = coordinator_client.post(
        "/admin/networks/coordinator/add/", profile_form(name="", photo=png())
    )

    assert response.status_code == 200
    assert not Coordinator.objects.exists()
