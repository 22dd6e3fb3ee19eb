"""File storage that leaves nothing behind when a write fails (a full disk, a quota)."""

import contextlib
import os
import tempfile

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.utils._os import safe_makedirs
from django.utils.deconstruct import deconstructible


class _WrittenFile(File):
    """A file already on disk, which Django's storage moves into place instead of copying."""

    def __init__(self, path: str) -> None:
        super().__init__(None, name=path)
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


class FileNotStored(OSError):
    """A file could not be written (no space left, a quota, an I/O error) and nothing of it
    was left behind. Forms turn it into a message beside the file field (core.uploads)."""


@deconstructible(path="core.storage.FileSystemStorage")
class FileSystemStorage(DjangoFileSystemStorage):
    """Django's, except that a file is written under a temporary name first and moved into
    place whole (a rename, in the same directory): a write that fails half-way — no space
    left on the device (ENOSPC), a quota (EDQUOT) — removes its temporary file and raises,
    and no empty or truncated file is left under the real name for the page to show."""

    # django-stubs leaves out Storage._save, the private hook every storage implements.
    def _save(self, name: str, content: File) -> str:
        try:
            return self._save_whole(name, content)
        except OSError as error:
            raise FileNotStored(error.errno, error.strerror, name) from error

    def _save_whole(self, name: str, content: File) -> str:
        if hasattr(content, "temporary_file_path"):  # already on disk: Django renames it
            return super()._save(name, content)  # type: ignore[misc]  # as above
        directory = os.path.dirname(self.path(name))
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in content.chunks():
                    f.write(chunk.encode() if isinstance(chunk, str) else chunk)
            return super()._save(name, _WrittenFile(temporary))  # type: ignore[misc]  # as above
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)  # moved into place already, unless something failed
