"""A visitor's display preferences: text size (標準・大・特大), colour scheme (標準・高コントラスト)
and ふりがな (off・on), on every page.

- Kept in one cookie (`display`), set by the switch links (`/display/?size=large&next=…`), which
  work without JavaScript and send the visitor back to the page they were on.
- Applied on the server: classes on <html> (the stylesheets do the rest) and, with ふりがな on,
  readings added to the page by DisplayPreferencesMiddleware (core/furigana.py). The page cache
  keys every page on the preferences (core/pagecache.py, `cache_key`), so a cached page is the
  one made for them, and its ETag (a hash of the body) differs from the other variants' —
  a 304 is never answered for another variant. Public pages already say `Vary: Cookie`; the
  middleware makes sure every HTML page does, so a shared proxy never mixes variants either.
- Off by default: with no cookie, pages are exactly as they were.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from core.furigana import Fixes, add_ruby
from core.generation import kept_for_generation

COOKIE = "display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
SIZES = ("standard", "large", "x-large")
CONTRASTS = ("standard", "high")
FURIGANA = ("off", "on")
# Paths where readings are never added: the admin (editors' forms and lists).
NO_FURIGANA = ("/admin/",)


@dataclass(frozen=True)
class DisplayPreferences:
    size: str = "standard"
    contrast: str = "standard"
    furigana: str = "off"

    @property
    def ruby(self) -> bool:
        return self.furigana == "on"

    @property
    def is_default(self) -> bool:
        return self == DEFAULT

    @property
    def html_class(self) -> str:
        """The classes of <html> (static/css/display.css)."""
        classes = []
        if self.size != "standard":
            classes.append(f"text-{self.size}")
        if self.contrast != "standard":
            classes.append(f"contrast-{self.contrast}")
        if self.ruby:
            classes.append("furigana")
        return " ".join(classes)

    @property
    def cookie_value(self) -> str:
        return f"{self.size}.{self.contrast}.{self.furigana}"

    @classmethod
    def from_cookie(cls, value: str | None) -> "DisplayPreferences":
        """The preferences a cookie says; anything unknown in it is the default."""
        parts = (value or "").split(".")
        if len(parts) != 3:
            return DEFAULT
        size, contrast, furigana = parts
        return cls(
            size=size if size in SIZES else "standard",
            contrast=contrast if contrast in CONTRASTS else "standard",
            furigana=furigana if furigana in FURIGANA else "off",
        )


DEFAULT = DisplayPreferences()


def preferences_of(request: HttpRequest) -> DisplayPreferences:
    return DisplayPreferences.from_cookie(request.COOKIES.get(COOKIE))


def cache_key(request: HttpRequest) -> str:
    """The part of a cached page's key that the preferences make (core/pagecache.py)."""
    return preferences_of(request).cookie_value


# --- The switch ------------------------------------------------------------------------------


@require_safe
def display_switch(request: HttpRequest) -> HttpResponse:
    """Change one or more preferences and go back to `next` (a page of this site)."""
    current = preferences_of(request)
    changes = {
        name: request.GET[name]
        for name, allowed in (("size", SIZES), ("contrast", CONTRASTS), ("furigana", FURIGANA))
        if request.GET.get(name) in allowed
    }
    chosen = replace(current, **changes)
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    if chosen.is_default:
        response.delete_cookie(COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            COOKIE,
            chosen.cookie_value,
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    response["Cache-Control"] = "no-store"
    return response


def context(request: HttpRequest) -> dict[str, object]:
    """`DISPLAY` for base.html (the classes of <html>) and the switch's links."""
    return {"DISPLAY": preferences_of(request)}


# --- Readings over the page ------------------------------------------------------------------


def current_fixes(request: HttpRequest) -> Fixes:
    """The coordinators' readings, read once per process and content generation (an edit of a
    reading renews the generation: core/pagecache.py). The page cache has read the generation
    for this request already, except where it does not apply (forms, signed-in visitors)."""
    return kept_for_generation(request, ("core.reading_fixes",), _read_fixes)


def _read_fixes() -> Fixes:
    from core.models import ReadingFix

    readings = ReadingFix.objects.as_dict()
    version = hashlib.sha256(repr(sorted(readings.items())).encode()).hexdigest()[:16]
    return Fixes(readings, version)


class DisplayPreferencesMiddleware:
    """With ふりがな on, adds readings to every HTML page (but the admin's); every HTML page
    varies on the cookie. Sits just inside the page cache, which stores the annotated page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not _is_html(response):
            return response
        patch_vary_headers(response, ["Cookie"])
        if (
            isinstance(response, HttpResponse)
            and preferences_of(request).ruby
            and not request.path_info.startswith(NO_FURIGANA)
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset, errors="surrogateescape")
            response.content = add_ruby(html, current_fixes(request)).encode(
                charset, errors="surrogateescape"
            )
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _is_html(response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    )
