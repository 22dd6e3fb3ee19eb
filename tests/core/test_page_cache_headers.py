"""A page served from the cache is the fresh page byte for byte: status, every header (the
security headers and the CSP included) and the body."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
# Headers only the page cache adds (the same on a hit and a miss).
CACHE_HEADERS = ("ETag", "Cache-Control")


@pytest.mark.parametrize("url", ["/", "/pillars/1/", "/en/plan/", "/activities/"])
def test_a_cached_page_is_the_fresh_page(sample_data: object, url: str) -> None:
    miss = Client().get(url)
    hit = Client().get(url)

    assert hit.status_code == miss.status_code == 200
    assert dict(hit.items()) == dict(miss.items())
    assert hit.content == miss.content
    for header in SECURITY_HEADERS:
        assert hit[header], header


@override_settings(SECURE_HSTS_SECONDS=3600, SECURE_SSL_REDIRECT=False)
def test_a_cached_page_has_the_headers_of_a_page_rendered_without_the_cache(
    sample_data: object,
) -> None:
    Client().get("/plan/", secure=True)
    hit = Client().get("/plan/", secure=True)
    with override_settings(PAGE_CACHE_ENABLED=False):
        uncached = Client().get("/plan/", secure=True)

    assert hit["Strict-Transport-Security"]
    without_cache_headers = {k: v for k, v in hit.items() if k not in CACHE_HEADERS}
    assert without_cache_headers == dict(uncached.items())
    assert hit.content == uncached.content
