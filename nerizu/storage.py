"""Where story photos live: outside MEDIA_ROOT, with no URL of their own.

A photo of a story that is not approved yet must not be reachable by anyone but its author and
the coordinators, so no web server may serve these files directly. The only way out is the
`nerizu:story_photo` view, which asks nerizu.permissions first.
"""

import uuid

from django.conf import settings
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from core.storage import FileSystemStorage


@deconstructible(path="nerizu.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT; asking one for a URL is an error. A write
    that fails (a full disk) leaves no file behind (core.storage)."""

    def __init__(self) -> None:
        super().__init__()

    @cached_property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; link to the view that checks access.")

    def _clear_cached_properties(self, setting: str, **kwargs: object) -> None:
        # Tests point PRIVATE_MEDIA_ROOT at a temporary directory.
        # django-stubs lists only the settings Django's own storage reacts to; Django passes
        # (and ignores) any other.
        super()._clear_cached_properties(setting, **kwargs)  # type: ignore[arg-type]
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


private_storage = PrivateStorage()


def story_photo_path(instance: object, filename: str) -> str:
    """A random name: nothing about the author or the original file survives in it."""
    return f"stories/{uuid.uuid4().hex}.jpg"
