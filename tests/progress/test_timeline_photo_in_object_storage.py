"""With S3_BUCKET set, a timeline photo added in the admin goes to the bucket, re-encoded, and
the timeline's photo view streams it from there (moto's real S3 server)."""

import io

import pytest
from django.test import Client
from PIL import Image

from pillars.models import ActionItem
from progress.models import TimelineEntry
from tests.nerizu.factories import jpeg_with_gps, upload
from tests.object_storage import Bucket
from tests.progress.test_timeline_photos import entry_form


@pytest.mark.django_db
def test_a_timeline_photo_is_stored_in_the_bucket_and_served_from_it(
    coordinator_client: Client, item: ActionItem, client: Client, s3_bucket: Bucket
) -> None:
    photo = upload("IMG_0001.jpg", jpeg_with_gps(), "image/jpeg")

    response = coordinator_client.post(
        "/admin/progress/timelineentry/add/", entry_form(item, photo=photo)
    )

    assert response.status_code == 302
    entry = TimelineEntry.objects.get()
    key = f"media/{entry.photo.name}"
    assert s3_bucket.keys() == [key]
    stored = s3_bucket.read(key)
    assert not Image.open(io.BytesIO(stored)).getexif()  # re-encoded before it was stored
    served = client.get(f"/progress/timeline/{entry.pk}/photo/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == stored
