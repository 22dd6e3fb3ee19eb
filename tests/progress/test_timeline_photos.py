"""A timeline entry's photo is re-encoded on upload (no EXIF, no GPS position) and served
through a view that follows the action item's visibility."""

import io

import pytest
from django.test import Client
from PIL import Image

from pillars.models import ActionItem
from progress.models import TimelineEntry
from tests.nerizu.factories import jpeg_with_gps, upload


@pytest.fixture
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path


def entry_form(item: ActionItem, **changes: object) -> dict[str, object]:
    return {
        "action_item": item.pk,
        "date": "2025-06-01",
        "title": "第1回説明会",
        "text": "30人が参加しました。",
        "photo_alt": "会場の様子",
    } | changes


@pytest.mark.django_db
def test_a_photo_is_re_encoded_without_its_metadata(
    coordinator_client: Client, item: ActionItem, media: None, client: Client
) -> None:
    photo = upload("IMG_0001.jpg", jpeg_with_gps(), "image/jpeg")

    response = coordinator_client.post(
        "/admin/progress/timelineentry/add/", entry_form(item, photo=photo)
    )

    assert response.status_code == 302
    entry = TimelineEntry.objects.get()
    assert entry.photo.name.startswith("timeline/")
    assert "IMG_0001" not in entry.photo.name
    served = client.get(f"/progress/timeline/{entry.pk}/photo/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert not image.getexif()
    page = client.get(f"/progress/items/{item.pk}/").content.decode()
    assert f'src="/progress/timeline/{entry.pk}/photo/" alt="会場の様子"' in page


@pytest.mark.django_db
def test_a_file_that_is_not_a_photo_is_refused_in_japanese(
    coordinator_client: Client, item: ActionItem, media: None
) -> None:
    fake = upload("photo.png", b"not an image")

    response = coordinator_client.post(
        "/admin/progress/timelineentry/add/", entry_form(item, photo=fake)
    )

    assert response.status_code == 200
    assert not TimelineEntry.objects.exists()
    assert "画像をアップロードしてください" in response.content.decode()


@pytest.mark.django_db
def test_a_photo_needs_its_description(
    coordinator_client: Client, item: ActionItem, media: None
) -> None:
    photo = upload("walk.jpg", jpeg_with_gps(), "image/jpeg")

    response = coordinator_client.post(
        "/admin/progress/timelineentry/add/", entry_form(item, photo=photo, photo_alt="")
    )

    assert response.status_code == 200
    assert "写真の説明を入力してください。" in response.content.decode()


@pytest.mark.django_db
def test_the_photo_of_a_draft_item_is_hidden_from_residents(
    item: ActionItem, media: None, client: Client
) -> None:
    from django.core.files.base import ContentFile

    entry = TimelineEntry.objects.create(
        action_item=item, date="2025-06-01", title="準備", photo=ContentFile(b"x", name="a.jpg")
    )
    item.status = ActionItem.Status.DRAFT
    item.save()

    assert client.get(f"/progress/timeline/{entry.pk}/photo/").status_code == 404
