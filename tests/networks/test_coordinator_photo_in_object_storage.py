"""With S3_BUCKET set, a coordinator's photo uploaded in the admin goes to the bucket and is
served by the profile's photo view, read through the storage (moto's real S3 server)."""

import pytest
import requests
from django.test import Client

from networks.models import Coordinator
from tests.networks.test_coordinator_admin import png, profile_form
from tests.object_storage import Bucket


@pytest.mark.django_db
def test_a_photo_added_in_the_admin_is_in_the_bucket_and_served_by_the_view(
    coordinator_client: Client, client: Client, s3_bucket: Bucket
) -> None:
    response = coordinator_client.post(
        "/admin/networks/coordinator/add/", profile_form(photo=png())
    )

    assert response.status_code == 302
    profile = Coordinator.objects.get()
    assert s3_bucket.keys() == [f"media/{profile.photo.name}"]
    photo = client.get(f"/coordinators/{profile.pk}/photo/")
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content) == s3_bucket.read(f"media/{profile.photo.name}")


@pytest.mark.django_db
def test_an_unlisted_profile_photo_is_404_though_the_object_exists(
    coordinator_client: Client, client: Client, s3_bucket: Bucket
) -> None:
    coordinator_client.post(
        "/admin/networks/coordinator/add/", profile_form(photo=png(), is_listed="")
    )

    profile = Coordinator.objects.get()
    assert s3_bucket.keys() == [f"media/{profile.photo.name}"]
    assert client.get(f"/coordinators/{profile.pk}/photo/").status_code == 404


@pytest.mark.django_db
def test_a_link_to_the_object_itself_is_signed_and_short_lived(
    coordinator_client: Client, s3_bucket: Bucket
) -> None:
    coordinator_client.post("/admin/networks/coordinator/add/", profile_form(photo=png()))

    url = Coordinator.objects.get().photo.url

    assert url.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/media/coordinators/")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    unsigned = url.split("?")[0]
    assert requests.get(unsigned, timeout=10).status_code == 403  # the bucket is not public
    assert requests.get(url, timeout=10).status_code == 200
