"""The content generation: a random token in the *default* cache (shared by every app server
and the task worker) that every cached page's key includes and every content write replaces
(core/pagecache.py has the whole story). Parts of a page kept per process and generation (the
readings of ふりがな, core/preferences.py; kept_for_generation) read it from here too."""

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest

logger = logging.getLogger("core.pagecache")

GENERATION_KEY = "pages:generation"

T = TypeVar("T")


def current_generation() -> str:
    """The token that every cached page's key includes; made when missing (a new cache, a
    cleared or culled one), which makes every page stored before unreachable."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_token(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # another process may have added it first
    return str(generation)


def content_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Public content changed (or is about to, in this transaction): anonymous visitors get
    fresh pages from the next request on. Once per transaction, after its commit."""
    connection = transaction.get_connection(using)
    if not any(not block._from_testcase for block in connection.atomic_blocks):
        # Autocommit: the write is already visible. (A test case's own transaction, which
        # never commits, counts as none, as Django's durable check does.)
        _bump_generation()
        return
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, GenerationBump) and not callback.done:
            return  # this transaction bumps already
    transaction.on_commit(GenerationBump(), using=using, robust=True)


class GenerationBump:
    """The on-commit callback of one transaction."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            _bump_generation()


def _bump_generation() -> None:
    try:
        cache.set(GENERATION_KEY, _new_token(), timeout=None)
    except Exception:  # the write is saved; its pages expire after PAGE_CACHE_SECONDS
        logger.exception("page cache: could not renew the content generation")


def _new_token() -> str:
    return uuid.uuid4().hex


def request_generation(request: HttpRequest | None) -> str:
    """The content generation this request's page is made under: the one the middleware read
    (an anonymous page), else read now, once for the request."""
    generation = getattr(request, "content_generation", None)
    if generation is None:
        generation = current_generation()
        if request is not None:
            request.content_generation = generation  # type: ignore[attr-defined]
    return generation


# --- Page parts kept per process and generation ----------------------------------------------

_kept_lock = threading.Lock()
_kept: dict[str, dict[tuple, Any]] = {}  # generation → {key: value}; only the newest kept


def kept_for_generation(request: HttpRequest | None, key: tuple, build: Callable[[], T]) -> T:
    """`build()`, kept in this process until the content generation changes: for a part that
    many pages or visitors share and that only content writes change (every write renews the
    generation: nerima_portal/content.py), such as the tags in use with their counts. Never
    for what depends on the visitor, the date or the time unless `key` says so. The value is
    shared between requests: callers must not change it."""
    generation = request_generation(request)
    with _kept_lock:
        kept = _kept.get(generation)
        if kept is not None and key in kept:
            return cast("T", kept[key])
    value = build()
    with _kept_lock:
        if generation not in _kept:
            _kept.clear()  # an older generation's parts are never asked for again
            _kept[generation] = {}
        _kept[generation][key] = value
    return value
