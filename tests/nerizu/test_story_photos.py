"""Story photos: checked by content, re-encoded as JPEG without metadata, resized."""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from core import images
from nerizu.models import Nerizu, Story
from tests.nerizu.factories import image_bytes, jpeg_with_gps, upload

URL = "/nerizu/stories/new/"


def post_story(client: Client, photo: object, **changes: object) -> object:
    data = {
        "title": "サロンのお手伝い",
        "body": "お茶を配りました。",
        "photo_alt": "テーブルを囲む人たち",
    }
    data.update(changes)
    if photo is not None:
        data["photo"] = photo
    return client.post(URL, data)


def stored_photo(story: Story) -> Image.Image:
    with story.photo.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


@pytest.mark.django_db
def test_a_png_is_stored_as_a_jpeg_under_a_random_name(
    resident_client: Client, nerizu: Nerizu
) -> None:
    response = post_story(resident_client, upload("my-street.png", image_bytes("PNG")))

    story = Story.objects.get()
    assert response.status_code == 302
    assert re.fullmatch(r"stories/[0-9a-f]{32}\.jpg", story.photo.name)
    assert stored_photo(story).format == "JPEG"
    assert story.photo_alt == "テーブルを囲む人たち"


@pytest.mark.django_db
def test_exif_and_gps_are_gone_after_re_encoding(resident_client: Client, nerizu: Nerizu) -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS

    post_story(resident_client, upload("IMG_0001.jpg", original, "image/jpeg"))

    photo = stored_photo(Story.objects.get())
    assert dict(photo.getexif()) == {}
    assert "exif" not in photo.info
    assert b"ExamplePhone" not in photo.tobytes()
    with Story.objects.get().photo.open("rb") as f:
        raw = f.read()
    assert b"Exif" not in raw
    assert b"ExamplePhone" not in raw


@pytest.mark.django_db
def test_a_big_photo_is_scaled_down(resident_client: Client, nerizu: Nerizu) -> None:
    post_story(resident_client, upload("big.webp", image_bytes("WEBP", size=(4000, 3000))))

    assert stored_photo(Story.objects.get()).size == (images.MAX_DIMENSION, 1200)


@pytest.mark.django_db
def test_a_transparent_png_gets_a_white_background(resident_client: Client, nerizu: Nerizu) -> None:
    clear = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(clear, format="PNG")

    post_story(resident_client, upload("logo.png", clear.getvalue()))

    assert stored_photo(Story.objects.get()).getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.django_db
def test_a_text_file_named_jpg_is_refused_next_to_the_field_and_the_text_is_kept(
    resident_client: Client, nerizu: Nerizu
) -> None:
    fake = upload("photo.jpg", b"this is not an image at all\n" * 20, "image/jpeg")

    response = post_story(resident_client, fake, title="残したいタイトル")

    assert response.status_code == 200
    assert not Story.objects.exists()
    message = "写真として読み込めませんでした。JPEG・PNG・WebP形式の画像を選んでください。"
    assert response.context["form"].errors["photo"] == [message]
    html = response.content.decode()
    assert re.search(r'<ul class="errorlist" id="id_photo_error"><li>' + message, html)
    assert 'value="残したいタイトル"' in html
    assert "お茶を配りました。" in html


@pytest.mark.django_db
def test_a_gif_is_refused_though_it_is_an_image(resident_client: Client, nerizu: Nerizu) -> None:
    response = post_story(resident_client, upload("anim.gif", image_bytes("GIF", mode="L")))

    assert "photo" in response.context["form"].errors
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_is_refused(resident_client: Client, nerizu: Nerizu) -> None:
    # 9000 × 5000 = 45 million pixels in a few kilobytes: a decompression bomb, not a photo.
    huge = image_bytes("PNG", size=(9000, 5000), mode="1")
    assert len(huge) < images.MAX_UPLOAD_BYTES

    response = post_story(resident_client, upload("huge.png", huge))

    assert response.context["form"].errors["photo"] == [
        "写真の画素数が多すぎます。縦横を小さくした写真を選んでください。"
    ]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(resident_client: Client, nerizu: Nerizu) -> None:
    padded = image_bytes("PNG") + b"\0" * images.MAX_UPLOAD_BYTES

    response = post_story(resident_client, upload("padded.png", padded))

    assert response.context["form"].errors["photo"] == [
        "写真のファイルが大きすぎます。5MB以下の写真を選んでください。"
    ]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_a_photo_needs_a_description(resident_client: Client, nerizu: Nerizu) -> None:
    response = post_story(resident_client, upload("a.png", image_bytes()), photo_alt="")

    assert response.context["form"].errors["photo_alt"] == [
        "写真の説明を入力してください。写真が見えない方に、何が写っているかを伝えます。"
    ]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_a_story_without_a_photo_needs_no_description(
    resident_client: Client, nerizu: Nerizu
) -> None:
    response = post_story(resident_client, None, photo_alt="")

    assert response.status_code == 302
    story = Story.objects.get()
    assert not story.photo
    assert story.photo_alt == ""


@pytest.mark.django_db
def test_the_photo_has_no_public_media_url(resident_client: Client, nerizu: Nerizu) -> None:
    post_story(resident_client, upload("a.png", image_bytes()))
    story = Story.objects.get()

    with pytest.raises(ValueError, match="no URL"):
        story.photo.url  # noqa: B018
    page = resident_client.get(story.get_absolute_url()).content.decode()
    assert "/media/" not in page
    assert f'src="/nerizu/stories/{story.pk}/photo"' in page
