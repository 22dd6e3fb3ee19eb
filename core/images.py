"""Checking and re-encoding uploaded story photos.

What a photo must be is decided by its content, never by its name or the browser's word:
Pillow must read it as JPEG, PNG or WebP. It is then turned upright, scaled down so its longer
side is at most MAX_DIMENSION, and re-encoded as a JPEG made from its pixels alone: no metadata
of the original survives — EXIF (camera, serial numbers, the GPS position), XMP, IPTC (the
Photoshop block), JPEG comments, PNG text chunks, WebP's EXIF and XMP. An embedded colour
profile (ICC) is used to convert the pixels to sRGB, the web's default, and is then dropped
too: a profile may carry a description, a copyright line or a device name, and sRGB needs none.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ACCEPT = "image/jpeg,image/png,image/webp"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000; more is a decompression bomb, not a photo
MAX_DIMENSION = 1600
JPEG_QUALITY = 85


class ReencodedPhoto(ContentFile):
    """A JPEG that reencode_photo() made: checked, upright, small enough, without metadata."""


def ensure_reencoded(photo: File) -> "ReencodedPhoto":
    """Services store only re-encoded photos, whoever calls them (form, admin, shell)."""
    return photo if isinstance(photo, ReencodedPhoto) else reencode_photo(photo)


def reencode_photo(upload: File) -> ReencodedPhoto:
    """The photo as a clean JPEG, or a ValidationError with a message a resident can act on."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("写真のファイルが大きすぎます。%(mb)sMB以下の写真を選んでください。"),
            code="too_large",
            params={"mb": MAX_UPLOAD_MEGABYTES},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns about huge images up to twice its own limit; refuse them all.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise _not_a_photo()
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels()
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_a_photo() from None

    image = ImageOps.exif_transpose(image)
    image = _to_srgb(_flatten(image), image.info.get("icc_profile"))
    image.thumbnail((MAX_DIMENSION, MAX_DIMENSION), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: `info` (where Pillow keeps a comment, EXIF, XMP, text
    # chunks…) starts empty, so JPEG's encoder finds nothing to copy (it copies a comment).
    clean = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ReencodedPhoto(out.getvalue(), name="photo.jpg")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The pixels in sRGB, if the photo said which colour space they were in (a phone's
    Display P3, Adobe RGB); unchanged without a profile or with one that cannot be read."""
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return image if converted is None else converted  # None only when converting in place


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and a transparent area should not turn black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _not_a_photo() -> ValidationError:
    return ValidationError(
        _("写真として読み込めませんでした。JPEG・PNG・WebP形式の画像を選んでください。"),
        code="invalid_image",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("写真の画素数が多すぎます。縦横を小さくした写真を選んでください。"),
        code="too_many_pixels",
    )
