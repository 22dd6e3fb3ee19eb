"""Every public page stays within the query budget in each display mode, and costs what it
costs without one: a text size and the colours cost nothing; ふりがな reads the coordinators'
readings once per process and content generation, and no query per page.

Measured as production serves pages, with the page cache on and every request a miss (each
mode has its own cached pages): the page cache's read of the content generation (a query with
the database cache used here) is counted for every mode alike, and ふりがな uses that same read.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.preferences import COOKIE
from tests.test_project import PUBLIC_PAGES
from tests.test_query_budgets import BUDGET, ten_times_the_sample_data  # noqa: F401 - a fixture

MODES = ["x-large.standard.off", "standard.high.off", "standard.standard.on", "x-large.high.on"]
PAGES = [*PUBLIC_PAGES, "/tags/%E5%B1%85%E5%A0%B4%E6%89%8010/"]
GENERATION = 1  # the page cache's read of the content generation
# PostgreSQL's server-side cursors (QuerySet.iterator) are named per use
CURSOR = re.compile(r"_django_curs_\d+_sync_\d+")
TIMESTAMP = re.compile(r"'?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d)?'?")


def queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def page_queries(sqls: list[str]) -> list[str]:
    """The page's own queries: without the content generation (read by the page cache, or by
    ふりがな on a page the cache does not keep, such as /consult/) and the readings; the
    moment a query compares with (upcoming meetings: now) and cursor names are blanked."""
    return [
        CURSOR.sub("<cursor>", TIMESTAMP.sub("<now>", sql))
        for sql in sqls
        if "pages:generation" not in sql and "core_readingfix" not in sql
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
def test_each_mode_costs_what_the_page_costs_without_it(
    ten_times_the_sample_data: None,  # noqa: F811
    settings: object,
    mode: str,
) -> None:
    for url in PAGES:  # parts kept per content generation (the tags in use) are kept now
        Client().get(url)  # (the page cache is off in this module until here)
    settings.PAGE_CACHE_ENABLED = True  # type: ignore[attr-defined]
    plain = Client()
    switched = Client()
    switched.cookies[COOKIE] = mode
    reading_fixes = 0
    for url in PAGES:
        without = queries(plain, url)
        with_mode = queries(switched, url)
        reading_fixes += sum("core_readingfix" in sql for sql in with_mode)

        assert page_queries(with_mode) == page_queries(without), url
        assert len(with_mode) <= BUDGET + GENERATION, url
    assert reading_fixes == (1 if mode.endswith(".on") else 0)
