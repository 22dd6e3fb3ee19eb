"""The supervisors' report CSV writes a name that a spreadsheet would run as a formula with a
single quote in front, nothing removed; counts stay numbers."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Referral, ReferralDestination
from tests.consultations.factories import CaseFactory

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2025-04-01", "end": "2026-03-31"}
PREFIXES = ["=", "==", "+", "-", "@", "\t", "\r"]
RUNNABLE_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def read_csv(client: Client) -> list[list[str]]:
    response = client.get("/staff/reports/export.csv", PERIOD)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_destination_named_like_a_formula_is_quoted(
    supervisor_a_client: Client, staff_a: User, prefix: str
) -> None:
    name = prefix + "cmd|' /C calc'!A0"
    case = CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 6, 1))
    Referral.objects.create(
        case=case,
        destination=ReferralDestination.objects.create(name=name, kana="あ"),
        reason="就労の相談",
        basis=Referral.Basis.NONE,
        referred_on=dt.date(2025, 6, 2),
        created_by=staff_a,
    )

    rows = read_csv(supervisor_a_client)

    assert ["つなぎ先別の紹介", "'" + name, "1"] in rows
    for row in rows:
        for cell in row:
            assert not cell.startswith(RUNNABLE_STARTS), cell


def test_staff_who_are_not_supervisors_cannot_download_it(staff_a_client: Client) -> None:
    assert staff_a_client.get("/staff/reports/export.csv", PERIOD).status_code == 404
