"""What is never stored: pages with a form (CSRF token), error responses, responses that set
a cookie, write the session, say no-store or private, stream, or vary on other headers; POST;
and the back office, sign-in and consultation paths."""

import pytest
from django.test import Client

from tests.core import pagecache_urls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _count_from_zero() -> None:
    pagecache_urls.runs.clear()


@pytest.mark.urls("tests.core.pagecache_urls")
@pytest.mark.parametrize(
    ("url", "view", "status"),
    [
        ("/form/", "form", 200),
        ("/missing/", "missing", 404),
        ("/broken/", "broken", 500),
        ("/cookie/", "cookie", 200),
        ("/no-store/", "no_store", 200),
        ("/private/", "private", 200),
        ("/stream/", "stream", 200),
        ("/session/", "session", 200),
        ("/vary/", "vary", 200),
    ],
)
def test_it_renders_every_time(url: str, view: str, status: int) -> None:
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == status
        assert "ETag" not in response
        assert "s-maxage" not in response.get("Cache-Control", "")

    assert pagecache_urls.runs[view] == 2


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_post_is_never_answered_from_the_cache(client: Client) -> None:
    client.get("/plain/")

    client.post("/plain/")

    assert pagecache_urls.runs["plain"] == 2


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client: Client) -> None:
    client.get("/plain/")
    client.cookies["messages"] = "anything"

    assert client.get("/plain/").content == b"plain 2 "


@pytest.mark.parametrize(
    "url",
    [
        "/consult/",
        "/en/consult/",
        "/accounts/login/",
        "/en/accounts/login/",
        "/plan/consultation-statistics/",
        "/staff/",
        "/admin/login/",
        "/healthz",
    ],
)
def test_back_office_sign_in_and_consultation_pages_are_never_cached(
    plan: object, client: Client, url: str
) -> None:
    response = client.get(url)

    assert "ETag" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")
