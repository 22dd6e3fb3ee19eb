"""Where story photos live: in storage of their own, with no URL of their own.

A photo of a story that is not approved yet must not be reachable by anyone but its author and
the coordinators, so no web server may serve these files directly. The only way out is the
`nerizu:story_photo` view, which asks nerizu.permissions first.

The storage is the settings' `STORAGES["private"]`: a directory outside MEDIA_ROOT on the local
disk (`PrivateFileSystemStorage`), or the private part of the bucket when uploads go to object
storage (core.object_storage.PrivateS3Storage). Both refuse to give a URL.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty

from core.storage import FileSystemStorage

PRIVATE_STORAGE_ALIAS = "private"


@deconstructible(path="nerizu.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
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


class PrivateStorage(LazyObject):
    """The configured private storage, looked up when first used (as Django's
    default_storage is), so the model field follows the settings, tests' included."""

    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]

    def deconstruct(self) -> tuple[str, tuple, dict]:
        # What migrations record: the same whichever backend the settings choose.
        return ("nerizu.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty  # type: ignore[assignment]  # LazyObject's marker


def story_photo_path(instance: object, filename: str) -> str:
    """A random name: nothing about the author or the original file survives in it."""
    return f"stories/{uuid.uuid4().hex}.jpg"
