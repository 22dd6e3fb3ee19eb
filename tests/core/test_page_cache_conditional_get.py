"""Conditional GET on public pages: an ETag, 304 for a matching If-None-Match (from the cache
or fresh), a new ETag once the content changes; Cache-Control lets shared proxies keep a page
for at most 60 seconds and browsers revalidate."""

import pytest
from django.core.cache import caches
from django.test import Client

from pillars.models import Pillar

pytestmark = pytest.mark.django_db


def test_a_public_page_has_an_etag_and_a_short_shared_cache_lifetime(plan: object) -> None:
    response = Client().get("/plan/")

    assert response["ETag"].startswith('"')
    assert sorted(response["Cache-Control"].split(", ")) == ["max-age=0", "public", "s-maxage=60"]


def test_a_matching_if_none_match_gets_304_from_the_cache(plan: object) -> None:
    etag = Client().get("/plan/")["ETag"]

    response = Client().get("/plan/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_matching_if_none_match_gets_304_on_a_fresh_render(plan: object) -> None:
    etag = Client().get("/plan/")["ETag"]
    caches["pages"].clear()  # e.g. expired, or another app server's memory

    response = Client().get("/plan/", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_another_etag_gets_the_page(plan: object) -> None:
    response = Client().get("/plan/", headers={"If-None-Match": '"something-else"'})

    assert response.status_code == 200
    assert response.content


def test_after_an_edit_the_old_etag_gets_the_new_page(plan: object) -> None:
    etag = Client().get("/pillars/1/")["ETag"]
    pillar = Pillar.objects.get(number=1)
    pillar.statement = "新しい説明"
    pillar.save()

    response = Client().get("/pillars/1/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "新しい説明" in response.content.decode()
