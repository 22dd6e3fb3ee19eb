"""Supervisors' reports and their CSV: supervisors only, formula-escaped (see also
test_reports_formula_cells.py and tests/core/test_spreadsheet_cells.py), logged."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, Case, Referral, ReferralDestination
from tests.consultations.factories import CaseFactory
from tests.staff.conftest import team

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2025-04-01", "end": "2026-03-31"}


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_a_supervisor_downloads_the_report_as_csv(
    supervisor_a: User, supervisor_a_client: Client, staff_a: User
) -> None:
    case = CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 6, 1))
    evil = ReferralDestination.objects.create(name="=cmd|' /C calc'!A0", kana="あ")
    Referral.objects.create(
        case=case,
        destination=evil,
        reason="就労の相談",
        basis=Referral.Basis.NONE,
        referred_on=dt.date(2025, 6, 2),
        created_by=staff_a,
    )

    response = supervisor_a_client.get("/staff/reports/export.csv", PERIOD)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["表", "項目", "件数"]
    assert ["つなぎ先別の紹介", "'=cmd|' /C calc'!A0", "1"] in rows
    assert ["月別の新規受付", "2025年6月", "1"] in rows


def test_the_export_is_logged(supervisor_a: User, supervisor_a_client: Client) -> None:
    supervisor_a_client.get("/staff/reports/export.csv", PERIOD)
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == supervisor_a
    assert "2025-04-01" in log.detail


@pytest.mark.parametrize("path", ["/staff/reports/", "/staff/reports/export.csv"])
def test_staff_who_are_not_supervisors_get_404(staff_a_client: Client, path: str) -> None:
    assert staff_a_client.get(path, PERIOD).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_report_counts_only_cases_the_supervisor_may_see(
    supervisor_a_client: Client, staff_b: User
) -> None:
    CaseFactory(primary_staff=staff_b, team=team("shikin"), received_on=dt.date(2025, 6, 1))

    rows = read_csv(supervisor_a_client.get("/staff/reports/export.csv", PERIOD))

    assert rows == [["表", "項目", "件数"]]


def test_the_report_page_shows_the_tables(supervisor_a_client: Client, staff_a: User) -> None:
    CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 6, 1), channel=Case.Channel.VISIT)
    response = supervisor_a_client.get("/staff/reports/", PERIOD)
    text = response.content.decode()
    assert response.status_code == 200
    assert "相談経路別の新規受付" in text
    assert "来所" in text
