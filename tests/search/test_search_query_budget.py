"""/search/ makes the same few queries however many records match: a count and a page from
the search index, never the records' own tables, never a query per result."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from search import services
from tests.factories import ActivityFactory, MemberFactory

# Three tiers, and for a full first page the count: in a transaction (a savepoint in tests)
# with SET LOCAL on PostgreSQL
BUDGET = 7


def queries_for(client: Client, query: str, **params: str) -> int:
    client.get("/search/", {"q": query, **params})  # warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_search_stays_within_its_query_budget_however_many_match(client: Client) -> None:
    organiser = MemberFactory(name="ひまわり福祉会")
    ActivityFactory.create_batch(3, organiser=organiser, description="ひまわりの居場所です。")
    few = queries_for(client, "ひまわり")  # a first page that is not full: no count
    ActivityFactory.create_batch(22, organiser=organiser, description="ひまわりの居場所です。")
    full = queries_for(client, "ひまわり")
    ActivityFactory.create_batch(30, organiser=organiser, description="ひまわりの居場所です。")

    many = queries_for(client, "ひまわり")
    second_page = queries_for(client, "ひまわり", page="2")

    assert few < full == many <= BUDGET
    assert second_page <= BUDGET + 2  # counting the tiers before the page's start


@pytest.mark.django_db
def test_a_common_word_is_counted_up_to_the_limit(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "COUNT_LIMIT", 5)
    ActivityFactory.create_batch(7, description="ひまわりの居場所です。")

    response = client.get("/search/", {"q": "ひまわり"})

    assert "「ひまわり」の検索結果：5件以上" in response.content.decode()
