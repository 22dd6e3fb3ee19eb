"""The directory's 「N件」 comes from the 五十音 index's counts (networks.filters
IndexedFilterSet.count): right for every row and filter, and the list is not counted again."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.kana import GOJUON_ROWS
from networks.filters import OTHER_ROW
from networks.models import Facility, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(plan: object) -> None:
    call_command("load_sample_data", "--copies", "3", verbosity=0)


def shown(client: Client, url: str, what: str) -> tuple[int, int]:
    """(the number in the heading, the number of SELECT COUNT queries) for one request."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    heading = re.search(rf"{what} (\d+)件", html)
    assert heading, url
    counts = [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    return int(heading.group(1)), len(counts)


@pytest.mark.parametrize("row", ["", *(key for key, _label in GOJUON_ROWS), OTHER_ROW, "zz"])
def test_the_member_count_is_the_rows_count(directory: None, client: Client, row: str) -> None:
    members = Member.objects.public()
    if row in ("", "zz"):  # no row, or a value that is no row: the whole list
        expected = members.count()
    else:
        expected = members.filter(kana_row="" if row == OTHER_ROW else row).count()
    assert shown(client, f"/network/?row={row}", "会員") == (expected, 0)


def test_the_facility_count_follows_the_filters_and_the_row(
    directory: None, client: Client
) -> None:
    listed = Facility.objects.public().filter(district__slug="nerima")
    assert listed.count() > 0
    assert shown(client, "/network/facilities/?district=nerima", "施設・事業所") == (
        listed.count(),
        0,
    )
    row = listed.exclude(kana_row="").values_list("kana_row", flat=True).first()
    url = f"/network/facilities/?district=nerima&row={row}"
    assert shown(client, url, "施設・事業所") == (listed.filter(kana_row=row).count(), 0)
    # A district that is no choice is not applied: the whole directory, counted right.
    assert shown(client, "/network/facilities/?district=nowhere", "施設・事業所") == (
        Facility.objects.public().count(),
        0,
    )
