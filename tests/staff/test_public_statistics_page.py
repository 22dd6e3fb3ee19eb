"""The public statistics page: linked from /plan/ and pillar 1, counts per category and
quarter by district, small numbers shown as 「5未満」, no personal data, constant queries."""

import datetime as dt

import pytest
from django.test import Client

from consultations.models import Category
from networks.models import District
from tests.consultations.factories import CaseFactory
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

URL = "/plan/consultation-statistics/"


def cases(n: int, *, district: str = "nerima", category: str = "hardship", day=None) -> None:
    for _ in range(n):
        CaseFactory(
            district=District.objects.get(slug=district),
            categories=[Category.objects.get(slug=category)],
            received_on=day or dt.date(2025, 5, 1),
            main_concern="非公開の主訴",
        )


def test_plan_and_pillar_1_link_to_it(plan: object, client: Client) -> None:
    assert URL in parse(client.get("/plan/")).links
    assert URL in parse(client.get("/pillars/1/")).links
    assert URL not in parse(client.get("/pillars/2/")).links


def test_it_shows_counts_and_hides_small_ones(client: Client, settings) -> None:
    cases(12, district="nerima", category="hardship")
    cases(2, district="oizumi", category="hardship")

    response = client.get(URL, {"year": 2025})

    assert response.status_code == 200
    text = visible_text(response)
    assert "練馬区全体" in text
    assert "5未満" in text
    assert "12" in text  # 練馬's 生活困窮 in the first quarter
    assert "非公開の主訴" not in text
    parser = parse(response)
    assert parser.headings.count(1) == 1


def test_the_english_page_exists(client: Client) -> None:
    assert client.get("/en" + URL).status_code == 200


def test_an_unknown_year_shows_the_latest(client: Client) -> None:
    assert client.get(URL, {"year": "1999"}).status_code == 200
    assert client.get(URL, {"year": "x"}).status_code == 200


def test_it_costs_the_same_queries_for_ten_times_the_cases(
    client: Client, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cases(3)
    client.get(URL, {"year": 2025})  # the footer's rows and the content generation, made once
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": 2025})
    cases(30, district="oizumi", category="8050", day=dt.date(2025, 11, 3))
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        client.get(URL, {"year": 2025})
    assert len(many) == len(few)


def test_the_english_page_is_in_english(client: Client) -> None:
    text = visible_text(client.get("/en" + URL, {"year": 2025}))
    assert "Consultationstatistics" in text
    assert "AllofNerimaWard" in text
