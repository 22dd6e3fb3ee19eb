"""A stored photo carries its pixels and nothing else of the original file.

Each upload below is a real image made with Pillow, carrying one kind of metadata block with a
marker in it: a JPEG comment (COM), EXIF with a camera and a GPS position, XMP, IPTC (APP13
Photoshop), an application segment of its own, an ICC colour profile; PNG text chunks (tEXt,
iTXt, compressed zTXt, one named "comment") and PNG's eXIf; WebP's EXIF and XMP. Each is
uploaded through the story form (and, for the JPEG, the admin's timeline form too); the stored
bytes are scanned for every marker, and Pillow finds no metadata when it opens them.
"""

import io
import struct
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image, ImageCms, PngImagePlugin

from nerizu.models import Nerizu, Story
from pillars.models import ActionItem
from progress.models import TimelineEntry
from tests.conftest import client_for
from tests.nerizu.factories import upload

pytestmark = pytest.mark.django_db

MARKERS = [
    b"SECRET-COMMENT",
    b"SECRET-CAMERA",
    b"SECRET-XMP",
    b"SECRET-IPTC",
    b"SECRET-APP15",
    b"SECRET-TEXT",
    b"SECRET-ITXT",
    b"SECRET-ZTXT",
]
GPS_IFD = 0x8825


def a_picture() -> Image.Image:
    image = Image.new("RGB", (64, 48), "teal")
    image.paste((250, 160, 0), (0, 0, 32, 24))
    return image


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SECRET-CAMERA"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (35.0, 44.0, 10.0), 3: "E", 4: (139.0, 39.0, 5.0)})
    return exif


def xmp_packet() -> bytes:
    return (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SECRET-XMP"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg_with_every_block() -> bytes:
    out = io.BytesIO()
    a_picture().save(
        out,
        format="JPEG",
        comment=b"SECRET-COMMENT",
        exif=exif_with_gps(),
        xmp=xmp_packet(),
        icc_profile=srgb_profile(),
    )
    data = out.getvalue()
    # IPTC as Photoshop writes it (APP13: an 8BIM resource 0x0404 holding an IPTC dataset), and
    # an application segment of some other program, inserted right after the SOI marker.
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 11) + b"SECRET-IPTC"  # 2:80 By-line
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    app13 = segment(0xED, b"Photoshop 3.0\x00" + resource + iptc)
    app15 = segment(0xEF, b"SECRET-APP15")
    return data[:2] + app13 + app15 + data[2:]


def png_with_text_chunks() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "SECRET-TEXT")
    info.add_itxt("Author", "SECRET-ITXT", lang="ja")
    info.add_text("Description", "SECRET-ZTXT", zip=True)
    out = io.BytesIO()
    a_picture().save(
        out, format="PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=srgb_profile()
    )
    return out.getvalue()


def webp_with_metadata() -> bytes:
    out = io.BytesIO()
    a_picture().save(
        out,
        format="WEBP",
        exif=exif_with_gps(),
        xmp=xmp_packet(),
        icc_profile=srgb_profile(),
    )
    return out.getvalue()


UPLOADS = {
    "jpeg": ("IMG_0001.jpg", jpeg_with_every_block, "image/jpeg"),
    "png": ("scan.png", png_with_text_chunks, "image/png"),
    "webp": ("photo.webp", webp_with_metadata, "image/webp"),
}


def assert_no_metadata(raw: bytes) -> None:
    for marker in MARKERS:
        assert marker not in raw
    for block in (b"Exif", b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0", b"ICC_PROFILE"):
        assert block not in raw
    assert b"\xff\xfe" not in raw.split(b"\xff\xda", 1)[0]  # no COM before the image data
    image = Image.open(io.BytesIO(raw))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert [name for name, _payload in image.applist] == ["APP0"]  # JFIF's header alone


@pytest.mark.parametrize("kind", UPLOADS)
def test_a_story_photo_keeps_none_of_the_originals_metadata(
    kind: str, resident_client: Client, nerizu: Nerizu
) -> None:
    name, make, content_type = UPLOADS[kind]
    original = make()
    if kind == "jpeg":  # the fixture really carries every block
        assert all(marker in original for marker in MARKERS[:5])
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)

    response = resident_client.post(
        "/nerizu/stories/new/",
        {
            "title": "サロンのお手伝い",
            "body": "お茶を配りました。",
            "photo_alt": "テーブルを囲む人たち",
            "photo": upload(name, original, content_type),
        },
    )

    assert response.status_code == 302
    with Story.objects.get().photo.open("rb") as f:
        assert_no_metadata(f.read())


def test_a_timeline_photo_keeps_none_of_the_originals_metadata(
    sample_data: object, administrator: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    item = ActionItem.objects.order_by("pk").first()

    response = client_for(administrator).post(
        "/admin/progress/timelineentry/add/",
        {
            "action_item": item.pk,
            "date": "2025-06-01",
            "title": "第1回説明会",
            "text": "30人が参加しました。",
            "photo_alt": "会場の様子",
            "photo": upload("IMG_0002.jpg", jpeg_with_every_block(), "image/jpeg"),
        },
    )

    assert response.status_code == 302
    with TimelineEntry.objects.get(title="第1回説明会").photo.open("rb") as f:
        assert_no_metadata(f.read())


def test_the_colours_of_a_photo_with_a_profile_are_kept_in_srgb(
    resident_client: Client, nerizu: Nerizu
) -> None:
    """The profile is used to convert the pixels to sRGB, then dropped; an sRGB photo's
    colours come through (within JPEG's rounding)."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 40)).save(out, format="PNG", icc_profile=srgb_profile())

    resident_client.post(
        "/nerizu/stories/new/",
        {
            "title": "色の確認",
            "body": "本文",
            "photo_alt": "赤い四角",
            "photo": upload("red.png", out.getvalue()),
        },
    )

    with Story.objects.get().photo.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
        stored.load()
    assert "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((20, 15))
    assert abs(red - 200) <= 6
    assert abs(green - 60) <= 6
    assert abs(blue - 40) <= 6
