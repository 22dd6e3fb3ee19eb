"""An anonymous GET of a public page is rendered once and then served from the page cache,
per path and query; HEAD is answered from the same entry; PAGE_CACHE=off renders every time."""

import pytest
from django.test import Client

from tests.core import pagecache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.pagecache_urls")]


@pytest.fixture(autouse=True)
def _count_from_zero() -> None:
    pagecache_urls.runs.clear()


def test_the_second_visit_is_served_without_running_the_view(client: Client) -> None:
    first = client.get("/plain/")
    second = Client().get("/plain/")

    assert first.content == second.content == b"plain 1 "
    assert pagecache_urls.runs["plain"] == 1


def test_each_query_is_a_page_of_its_own(client: Client) -> None:
    assert client.get("/plain/?q=a").content == b"plain 1 a"
    assert client.get("/plain/?q=b").content == b"plain 2 b"
    assert client.get("/plain/?q=a").content == b"plain 1 a"


def test_head_is_answered_from_the_cached_page(client: Client) -> None:
    client.get("/plain/")

    head = client.head("/plain/")

    assert head.status_code == 200
    assert pagecache_urls.runs["plain"] == 1


def test_head_alone_does_not_fill_the_cache(client: Client) -> None:
    client.head("/plain/")

    assert client.get("/plain/").content == b"plain 2 "


def test_page_cache_off_renders_every_request(client: Client, settings: object) -> None:
    settings.PAGE_CACHE_ENABLED = False  # type: ignore[attr-defined]

    client.get("/plain/")
    client.get("/plain/")

    assert pagecache_urls.runs["plain"] == 2


@pytest.mark.urls("nerima_portal.urls")
def test_japanese_and_english_pages_are_cached_apart(plan: object, client: Client) -> None:
    japanese = client.get("/plan/")
    english = client.get("/en/plan/")

    assert english.content != japanese.content
    assert client.get("/plan/").content == japanese.content
    assert client.get("/en/plan/").content == english.content
    assert '<html lang="en"' in english.content.decode()
