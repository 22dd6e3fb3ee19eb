"""A lock that every worker and every app server sees: the shared cache's atomic `add`.

The default cache is shared by design (settings "Cache": Redis or a database table), so a key
added by one process is there for all. Used where a check and a write must not interleave
between processes, e.g. "count this sender's inquiries, then store one more".
"""

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache


class LockNotAcquiredError(Exception):
    """Another process held the lock for longer than we were willing to wait."""


@contextmanager
def shared_lock(name: str, *, hold_seconds: int = 30, wait_seconds: float = 10.0) -> Iterator[None]:
    """Hold `name` while the block runs. A holder that dies frees it after `hold_seconds`."""
    key = f"lock:{name}"
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait_seconds
    pause = 0.01
    while not cache.add(key, token, timeout=hold_seconds):
        if time.monotonic() >= deadline:
            raise LockNotAcquiredError(name)
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    try:
        yield
    finally:
        if cache.get(key) == token:  # never free a lock that expired and was taken by another
            cache.delete(key)
