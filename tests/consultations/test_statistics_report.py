"""Supervisors' figures count only what the visibility rule lets them see."""

import datetime as dt

import pytest

from consultations import services
from consultations.models import Case, Category, Team
from consultations.statistics import supervisor_report
from tests.consultations.factories import CaseFactory, ReferralDestinationFactory


@pytest.mark.django_db
def test_the_report_counts_visible_cases_by_month_category_district_channel_and_outcome(
    staff_a, supervisor_a
) -> None:
    hardship = Category.objects.get(slug="hardship")
    first = CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 6, 3))
    CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 7, 9), channel="visit")
    CaseFactory(team=Team.objects.get(slug="shikin"), received_on=dt.date(2025, 6, 4))
    services.case_change_status(case=first, user=staff_a, status=Case.Status.INFO_ONLY)
    services.referral_create(
        case=first,
        user=staff_a,
        destination=ReferralDestinationFactory(name="地域包括支援センター"),
        reason="介護",
        basis="none",
    )

    report = supervisor_report(Case.objects.visible_to(supervisor_a), start=dt.date(2025, 4, 1))

    assert report["new_cases"] == 2
    assert [row["count"] for row in report["by_month"]] == [1, 1]
    assert report["by_category"] == [{"label": hardship.name, "count": 2}]
    assert {row["label"]: row["count"] for row in report["by_channel"]} == {"電話": 1, "来所": 1}
    assert report["closures_by_outcome"] == [{"label": "情報提供", "count": 1}]
    assert report["referrals_by_destination"] == [{"label": "地域包括支援センター", "count": 1}]
    assert report["by_district"] == [{"label": "練馬", "count": 2}]
