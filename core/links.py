"""Links to objects, worked out once per process.

`reverse()` walks the URL patterns on every call, and a list page asks for a link per row
and per tag (a pillar's page: some 150 calls). The answer depends only on the view name, its
arguments, the language (the /en/ prefix), the script prefix and the URLconf, so it is kept
for those. The same holds for the link to a page in the other language.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


def cached_reverse(viewname: str, **kwargs: object) -> str:
    """`reverse(viewname, kwargs=kwargs)`, remembered (plain values only: str, int)."""
    return _reverse(
        viewname,
        tuple(sorted(kwargs.items())),
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


@lru_cache(maxsize=8192)
def _reverse(
    viewname: str,
    kwargs: tuple[tuple[str, object], ...],
    language: str | None,
    script_prefix: str,
    urlconf: str,
) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


def cached_translate_url(url: str, language: str) -> str:
    """`translate_url(url, language)` (this page in another language), the path's answer
    remembered: the query string is carried over unchanged, as translate_url does."""
    path, mark, query = url.partition("?")
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    translated = _translate_path(path, language, get_language(), get_script_prefix(), urlconf)
    return translated + mark + query


@lru_cache(maxsize=4096)
def _translate_path(
    path: str, language: str, current: str | None, script_prefix: str, urlconf: str
) -> str:
    return translate_url(path, language)


def site_url(path: str) -> str:
    """`path` as an absolute address on the public site (settings.SITE_URL): for e-mails, QR
    codes and anything read away from the request that made it."""
    return settings.SITE_URL.rstrip("/") + path
