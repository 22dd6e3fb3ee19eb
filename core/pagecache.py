"""Anonymous public pages from a shared cache, invalidated by every content write.

How a page is found: its key is made of the content generation, today's date in the portal's
time zone (pages show "today" and next dates), the scheme and host, the language, the visitor's
display preferences (text size, colours, ふりがな: core/preferences.py) and the full path with
its query. A hit is the response exactly as the view and the middleware inside this
one made it (status, headers, body); the middleware outside (security headers, CSP, session,
locale) treats it as it treats a fresh one, so a hit and a fresh page are byte for byte the same.
The CSP is a fixed string (settings.CONTENT_SECURITY_POLICY, no per-response nonce: no page has
an inline script or style), so a cached page carries a CSP that is valid for it.

What is never served from the cache or stored in it (settings "Page cache"):
- a request that is not GET or HEAD, a path under PAGE_CACHE_NEVER (staff, admin, accounts,
  the consultation form, statistics made from case data, the health check), a request with a
  session holding anything (a signed-in user, a pending step) or a pending message;
- a response that is not 200, streams, sets a cookie, used the CSRF token (a form), changed
  the session, says no-store/no-cache/private, or varies on something outside the key.

The content generation is a random token in the *default* cache (shared by every app server
and the task worker: Redis, or the database table), so an edit in one process invalidates the
pages of all. `content_changed()` replaces it: called after every write to a content model
(nerima_portal/content.py connects the model signals, models outside the deny-list included
automatically) and by every write that sends no signal (bulk_create, QuerySet.update, raw SQL).
Inside a transaction it waits for the commit, once per transaction: a page rendered before the
commit is stored under the old generation and never served after it.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)

from core.easy import without_language_prefix

# The generation's API, also where callers have always found it (explicit re-exports)
from core.generation import GENERATION_KEY as GENERATION_KEY
from core.generation import GenerationBump as GenerationBump
from core.generation import content_changed as content_changed
from core.generation import current_generation as current_generation
from core.generation import request_generation as request_generation
from core.preferences import cache_key as display_preferences

logger = logging.getLogger(__name__)

PAGES = "pages"  # the cache alias pages are stored in (settings.CACHES)
# Vary headers the key already accounts for (the session is empty for every cached page, and
# the language is in the key): a response varying on anything else is not stored.
KEYED_VARY = ("Cookie", "Accept-Language")
REFUSED_CACHE_CONTROL = ("no-store", "no-cache", "private")


# --- The middleware --------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous public GET/HEAD pages from the `pages` cache, store the ones that may be,
    and answer a matching If-None-Match with 304. Sits after SessionMiddleware and
    LocaleMiddleware (it reads the session and the language) and before CommonMiddleware,
    CSRF, authentication and messages (whose effects it must see in the response)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _may_use_cache(request):
            response = self.get_response(request)
            if _personal(request) and "Cache-Control" not in response:
                # Made for this visitor (signed in, or a step in progress): no shared cache
                # in front may keep it, even one that caches without being told to.
                patch_cache_control(response, private=True)
            return response
        host = request.get_host()  # validated against ALLOWED_HOSTS, as CommonMiddleware would
        try:
            generation = current_generation()
        except Exception:  # the shared cache is down: pages are rendered, as without a cache
            logger.exception("page cache: no content generation")
            return self.get_response(request)
        # Read once per request: ふりがな's readings are kept per generation too
        # (core/preferences.py).
        request.content_generation = generation  # type: ignore[attr-defined]
        key = _page_key(request, host=host, generation=generation)
        stored = _read(key)
        if stored is not None:
            return _conditional(request, _rebuilt(stored))
        response = self.get_response(request)
        if not isinstance(response, HttpResponse) or not _may_store(request, response):
            return response
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CDN_SECONDS)
        if request.method == "GET":  # a HEAD response may have no body
            _write(key, response)
        return _conditional(request, response)


def _may_use_cache(request: HttpRequest) -> bool:
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    path = without_language_prefix(request.path_info)
    if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_NEVER):
        return False
    if request.COOKIES.get(CookieStorage.cookie_name):
        return False  # a message waits to be shown on this page
    # Anything in the session (a signed-in user, a pending step, messages) makes the page
    # personal. Reading it also marks the session accessed, so every public page, hit or miss,
    # gets the same `Vary: Cookie` from SessionMiddleware.
    return not list(request.session.keys())


def _personal(request: HttpRequest) -> bool:
    """The response was made with a session that holds something (never reading a session
    nobody read: /healthz and the like stay as they are)."""
    session = getattr(request, "session", None)
    return session is not None and session.accessed and bool(list(session.keys()))


def _page_key(request: HttpRequest, *, host: str, generation: str) -> str:
    parts = (
        generation,
        timezone.localdate().isoformat(),
        request.scheme or "",
        host,
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        display_preferences(request),
        request.get_full_path(),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _may_store(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED") or request.session.modified:
        return False  # a form (its token), or the view put something in the session
    if list(request.session.keys()):
        return False  # e.g. signed in by this very request
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in REFUSED_CACHE_CONTROL):
        return False
    vary = [v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()]
    return all(any(v == k.lower() for k in KEYED_VARY) for v in vary) and not has_vary_header(
        response, "*"
    )


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
    return conditional if conditional is not None else response


# --- Storage: (status, headers, body), never a pickled response object -------------------------


def _write(key: str, response: HttpResponse) -> None:
    stored = (response.status_code, list(response.items()), response.content)
    try:
        caches[PAGES].set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # a cache outage costs the cache, never the page
        logger.exception("page cache: could not store %s", key)


def _read(key: str) -> Any:
    try:
        return caches[PAGES].get(key)
    except Exception:
        logger.exception("page cache: could not read %s", key)
        return None


def _rebuilt(stored: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, body = stored
    response = HttpResponse(body, status=status)
    for name in list(response.headers):
        del response.headers[name]
    for name, value in headers:
        response.headers[name] = value
    return response
