"""Factories for ネリーズ and their stories, and small images made in memory."""

import io

import factory
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from nerizu.models import TERMS_VERSION, Nerizu, Story
from networks.models import District


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nerizu{n}@example.jp")
    name = factory.Sequence(lambda n: f"区民 {n}号")
    # Unusable (and instant: no hashing); tests sign these users in with force_login.
    password = factory.LazyFunction(lambda: make_password(None))


class NerizuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nerizu

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"ねりまる{n}")
    district = factory.LazyFunction(lambda: District.objects.order_by("order").first())
    how_to_help = "近所の見守りを手伝いたい。"
    terms_version = TERMS_VERSION
    agreed_at = factory.LazyFunction(timezone.now)


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    nerizu = factory.SubFactory(NerizuFactory)
    title = factory.Sequence(lambda n: f"見守りパトロールに参加しました{n}")
    body = "商店街の皆さんと一緒に、夕方の見守りをしました。"
    status = Story.Status.PENDING


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: object
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "teal" if mode in ("RGB", "RGBA") else 0).save(out, format=fmt, **save)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF names a camera and a place (the GPS IFD), as phones write them."""
    image = Image.new("RGB", (64, 48), "orange")
    exif = image.getexif()
    exif[0x010F] = "ExamplePhone"  # Make
    exif[0x0131] = "secret-software"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (35.0, 44.0, 10.0)
    gps[3] = "E"
    gps[4] = (139.0, 39.0, 5.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()
