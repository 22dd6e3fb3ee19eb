"""A page from the cache costs no page queries: at most the read of the content generation
(a query with the database cache, none with Redis)."""

import pytest
from django.test import Client

from tests.test_project import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

CACHEABLE = [url for url in PUBLIC_PAGES if not url.startswith("/consult/")]


@pytest.mark.parametrize("url", CACHEABLE)
def test_a_cached_page_costs_at_most_the_generation_read(
    sample_data: object, url: str, django_assert_max_num_queries: object
) -> None:
    Client().get(url)

    with django_assert_max_num_queries(1):  # type: ignore[operator]
        response = Client().get(url)

    assert response.status_code == 200
    assert "ETag" in response
