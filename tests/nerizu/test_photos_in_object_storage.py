"""With S3_BUCKET set, story photos go to the private part of the bucket and come out only
through the view that checks the story may be seen (a real S3-compatible server: moto's)."""

import re

import pytest
import requests
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu, Story
from tests.nerizu.factories import image_bytes, upload
from tests.object_storage import Bucket


def submit(client: Client) -> Story:
    response = client.post(
        "/nerizu/stories/new/",
        {
            "title": "花壇の手入れ",
            "body": "公園の花壇に球根を植えました。",
            "photo_alt": "花壇と球根",
            "photo": upload("flowers.png", image_bytes("PNG")),
        },
    )
    assert response.status_code == 302
    return Story.objects.get()


@pytest.mark.django_db
def test_a_story_photo_posted_through_the_form_is_stored_in_the_private_part_of_the_bucket(
    resident_client: Client, nerizu: Nerizu, s3_bucket: Bucket
) -> None:
    story = submit(resident_client)

    assert s3_bucket.keys() == [f"private/{story.photo.name}"]
    assert re.fullmatch(r"stories/[0-9a-f]{32}\.jpg", story.photo.name)
    assert s3_bucket.read(f"private/{story.photo.name}")[:2] == b"\xff\xd8"  # re-encoded


@pytest.mark.django_db
def test_the_object_grants_nobody_but_its_owner_and_the_bucket_refuses_a_plain_get(
    resident_client: Client, nerizu: Nerizu, s3_bucket: Bucket
) -> None:
    story = submit(resident_client)

    grants = s3_bucket.grants(f"private/{story.photo.name}")
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    public_address = f"{s3_bucket.endpoint}/{s3_bucket.name}/private/{story.photo.name}"
    assert requests.get(public_address, timeout=10).status_code == 403


@pytest.mark.django_db
def test_an_unapproved_photo_is_refused_to_anonymous_visitors_and_other_residents(
    client: Client, other_client: Client, resident_client: Client, nerizu: Nerizu, s3_bucket: Bucket
) -> None:
    story = submit(resident_client)

    assert client.get(f"/nerizu/stories/{story.pk}/photo").status_code == 404
    assert other_client.get(f"/nerizu/stories/{story.pk}/photo").status_code == 404


@pytest.mark.django_db
def test_an_approved_photo_is_streamed_from_the_bucket_by_the_view(
    client: Client, resident_client: Client, nerizu: Nerizu, coordinator: User, s3_bucket: Bucket
) -> None:
    story = submit(resident_client)
    story.review(approve=True, by=coordinator)

    response = client.get(f"/nerizu/stories/{story.pk}/photo")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert body == s3_bucket.read(f"private/{story.photo.name}")


@pytest.mark.django_db
def test_pages_link_the_view_and_never_the_bucket(
    client: Client, resident_client: Client, nerizu: Nerizu, coordinator: User, s3_bucket: Bucket
) -> None:
    story = submit(resident_client)
    story.review(approve=True, by=coordinator)

    page = client.get(f"/nerizu/stories/{story.pk}/").content.decode()
    own_page = resident_client.get("/nerizu/me/").content.decode()

    assert f'src="/nerizu/stories/{story.pk}/photo"' in page
    for html in (page, own_page):
        assert s3_bucket.endpoint not in html
        assert s3_bucket.name not in html
    with pytest.raises(ValueError, match="no URL"):
        story.photo.url  # noqa: B018  # not even a signed one


@pytest.mark.django_db
def test_an_unreachable_bucket_shows_the_form_again_with_a_message(
    resident_client: Client, nerizu: Nerizu, s3_bucket: Bucket
) -> None:
    s3_bucket.client.delete_bucket(Bucket=s3_bucket.name)

    response = resident_client.post(
        "/nerizu/stories/new/",
        {
            "title": "花壇の手入れ",
            "body": "本文",
            "photo_alt": "花壇",
            "photo": upload("a.png", image_bytes()),
        },
    )

    assert response.status_code == 200
    assert "写真を保存できませんでした" in response.content.decode()
    assert "花壇の手入れ" in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_deleting_a_story_removes_its_object(
    resident_client: Client, nerizu: Nerizu, s3_bucket: Bucket, as_committed: object
) -> None:
    story = submit(resident_client)

    with as_committed():  # type: ignore[operator]
        response = resident_client.post(f"/nerizu/stories/{story.pk}/delete/")

    assert response.status_code == 302
    assert s3_bucket.keys() == []
