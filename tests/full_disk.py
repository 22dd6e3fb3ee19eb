"""A full disk, simulated where the bytes go, for the tests of every upload.

A file opened for writing under MEDIA_ROOT or PRIVATE_MEDIA_ROOT accepts half of what it is
given and then fails with ENOSPC, as write(2) does on a full device. Whatever the storage does,
those directories must hold no file afterwards — not a truncated one, not an empty one, not a
temporary one.
"""

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


class FullDiskFile:
    """A file on a device with room for half of the next write."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> "FullDiskFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def fill_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, files opened for writing under the media roots hit a full disk."""
    real_fdopen = os.fdopen
    roots = (str(settings.PRIVATE_MEDIA_ROOT), str(settings.MEDIA_ROOT))

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        f = real_fdopen(fd, mode, *args, **kwargs)
        if "w" in mode and os.readlink(f"/proc/self/fd/{fd}").startswith(roots):
            return FullDiskFile(f)
        return f

    monkeypatch.setattr(os, "fdopen", fdopen)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in Path(root).rglob("*") if path.is_file())
