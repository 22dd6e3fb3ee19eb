"""やさしい日本語 pages in the page cache: stored apart from the standard ones (the language is
in the key), refreshed by an edit of an easy text, and never stored where the standard page
is never stored (the /easy/ prefix is stripped before PAGE_CACHE_NEVER is checked)."""

import pytest
from django.test import Client

from pillars.models import Pillar
from tests.admin_forms import form_data
from tests.pagecache import assert_shows_the_change, cached

pytestmark = pytest.mark.django_db


def test_easy_and_standard_pages_are_cached_apart(plan: object) -> None:
    standard = cached("/pillars/1/")
    easy = cached("/easy/pillars/1/")

    assert isinstance(easy, bytes)
    assert isinstance(standard, bytes)
    assert easy != standard
    assert "いま いる ところ".encode() in easy
    assert "現在位置".encode() in standard


def test_an_easy_page_is_served_from_the_cache(plan: object) -> None:
    before = cached("/easy/pillars/1/")
    # A write that tells nobody (no signal, no content_changed()): a cached page stays as it was
    Pillar.objects.filter(number=1).update(body_easy="こっそり 書きかえた 文")

    assert Client().get("/easy/pillars/1/").content == before


def test_editing_an_easy_text_in_the_admin_refreshes_the_easy_page(
    plan: object, coordinator_client: Client
) -> None:
    pillar = Pillar.objects.get(number=1)
    before = cached("/easy/pillars/1/")
    change = f"/admin/pillars/pillar/{pillar.pk}/change/"
    data = form_data(coordinator_client.get(change))
    data["body_easy"] = ["みんなが おたがいを 大切に する まちに します。"]

    response = coordinator_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert_shows_the_change("/easy/pillars/1/", before)
    assert "みんなが おたがいを".encode() in Client().get("/easy/pillars/1/").content


@pytest.mark.parametrize(
    "url", ["/easy/consult/", "/easy/accounts/login/", "/easy/plan/consultation-statistics/"]
)
def test_easy_pages_that_are_never_cached_stay_uncached(
    plan: object, client: Client, url: str
) -> None:
    response = client.get(url)

    assert response.status_code == 200
    assert "ETag" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")
