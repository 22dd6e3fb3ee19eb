"""Helpers for the page cache tests: a page as an anonymous visitor gets it, and as the view
renders it with no cache at all."""

from django.conf import settings
from django.test import Client, override_settings


def anonymous(url: str) -> bytes | str:
    """The body of a 200 page, or its status code as text."""
    response = Client().get(url)
    return response.content if response.status_code == 200 else str(response.status_code)


def cached(url: str) -> bytes | str:
    """Visit twice, so that the page is in the cache; the second visit is a hit."""
    first = anonymous(url)
    assert anonymous(url) == first
    return first


def fresh(url: str) -> bytes | str:
    """The page as its view renders it now (the page cache off)."""
    assert settings.PAGE_CACHE_ENABLED, "the test means to use the cache"
    with override_settings(PAGE_CACHE_ENABLED=False):
        return anonymous(url)


def assert_shows_the_change(url: str, before: bytes | str) -> None:
    """The next anonymous request gets the page as it is now, not the cached one."""
    after = anonymous(url)
    assert after != before, "the edit did not change the page (or the cached page was served)"
    assert after == fresh(url)
