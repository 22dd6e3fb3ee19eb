"""Each row of the case list shows the case's number (a link to it), receipt date, the
person's reading (or 「よみがな未記入」, or 「匿名」), categories in their order, district,
status and main assignee, and marks a 制限 case; nothing encrypted is on the list."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Category
from networks.models import District
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.html import visible_text
from tests.staff.conftest import MARKER

pytestmark = pytest.mark.django_db


def row_of(html: str, number: str) -> str:
    match = re.search(rf"<tr><th[^>]*><a href=\"/staff/cases/{number}/\">.*?</tr>", html)
    assert match, f"no row for {number}"
    return match.group(0)


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]


def test_a_row_shows_what_the_header_names(staff_a: User, staff_a_client: Client) -> None:
    first, second = Category.objects.order_by("order", "pk")[:2]
    case = CaseFactory(
        primary_staff=staff_a,
        received_on=dt.date(2025, 6, 3),
        district=District.objects.get(slug="oizumi"),
        status=Case.Status.SUPPORT,
        person=PersonFactory(name="大泉 太郎", kana="おおいずみ たろう"),
        categories=[second, first],
        main_concern=f"家賃 {MARKER}",
    )

    html = staff_a_client.get("/staff/cases/").content.decode()

    assert cells(row_of(html, case.number)) == [
        case.number,
        "2025年6月3日",
        "おおいずみ たろう",
        f"{first.name}、{second.name}",
        "大泉",
        "支援中",
        staff_a.name,
    ]
    assert 'data-label="受付日"' in row_of(html, case.number)
    assert MARKER not in html
    assert "大泉 太郎" not in html


def test_a_row_says_when_the_reading_or_the_person_is_missing(
    staff_a: User, staff_a_client: Client
) -> None:
    no_kana = CaseFactory(primary_staff=staff_a, person=PersonFactory(name="名前だけ", kana=""))
    anonymous = CaseFactory(primary_staff=staff_a, person=None, district=None)

    html = staff_a_client.get("/staff/cases/").content.decode()

    assert cells(row_of(html, no_kana.number))[2] == "よみがな未記入"
    assert cells(row_of(html, anonymous.number))[2] == "匿名"
    assert cells(row_of(html, anonymous.number))[4] == ""


def test_a_restricted_case_is_marked(staff_a_client: Client, a_restricted_case: Case) -> None:
    response = staff_a_client.get("/staff/cases/")

    row = row_of(response.content.decode(), a_restricted_case.number)
    assert 'class="staff-badge staff-badge--alert">制限</span>' in row
    assert MARKER not in visible_text(response)
