"""Checking and importing an activity file costs the same number of queries for 50 rows as
for 100 (organisers, facilities, names and the activities to update are looked up once per
file, the rows and their dates written in bulk), and so does exporting them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.imports import import_job_check, import_job_run
from core.models import ImportJob
from networks.models import Activity, ActivityOccurrence
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory
from tests.networks.imports import ACTIVITY_HEADER, activity_rows

ROWS_PER_PROGRESS_UPDATE = 100


def job_for(rows: int, *, status: str = ImportJob.Status.CHECKING) -> ImportJob:
    content = "\n".join([ACTIVITY_HEADER, *activity_rows(rows, facility="ひかりホーム")])
    return ImportJob.objects.create(
        model="networks.activity",
        resource="networks.resources.ActivityResource",
        file_format="core.import_admin.JapaneseCSV",
        file_name="activities.csv",
        content=content.encode(),
        status=status,
    )


def queries_to(step: object, job: ImportJob) -> int:
    with CaptureQueriesContext(connection) as queries:
        step(job=job)
    job.refresh_from_db()
    assert job.status in (ImportJob.Status.CHECKED, ImportJob.Status.DONE), job.problems
    return len(queries.captured_queries)


@pytest.fixture
def organiser(db: None) -> None:
    member = MemberFactory(name="ひかり福祉会")
    FacilityFactory(member=member, name="ひかりホーム")
    for title in ("ひかりサロン1", "ひかりサロン60"):  # rows that update existing activities
        ActivityFactory(organiser=member, title=title)


@pytest.mark.django_db
def test_checking_activities_costs_the_same_queries_for_50_and_100_rows(organiser: None) -> None:
    fifty = queries_to(import_job_check, job_for(50))
    hundred = queries_to(import_job_check, job_for(100))

    # one more: the progress note after row 100
    assert hundred - fifty <= 100 // ROWS_PER_PROGRESS_UPDATE
    assert fifty <= 25


@pytest.mark.django_db
def test_importing_activities_writes_them_and_their_dates_in_bulk(organiser: None) -> None:
    fifty = queries_to(import_job_run, job_for(50, status=ImportJob.Status.IMPORTING))
    assert Activity.objects.count() == 51  # ひかりサロン60 is not in the file
    assert ActivityOccurrence.objects.exists()
    Activity.objects.exclude(title__in=["ひかりサロン1", "ひかりサロン60"]).delete()

    hundred = queries_to(import_job_run, job_for(100, status=ImportJob.Status.IMPORTING))

    assert Activity.objects.count() == 100
    # the progress note, and a second batch where SQLite needs one (its nearest stations too)
    assert hundred - fifty <= 5
    assert fifty <= 40


@pytest.mark.django_db
def test_exporting_activities_costs_the_same_queries_for_20_and_40(
    coordinator_client: Client,
) -> None:
    def queries_to_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = coordinator_client.post(
                "/admin/networks/activity/export/", {"format": "0", "resource": "0"}
            )
            assert response.status_code == 200
        return len(queries.captured_queries)

    member = MemberFactory(name="ひかり福祉会")
    facility = FacilityFactory(member=member)
    for _ in range(20):
        ActivityFactory(organiser=member, facility=facility, audiences=["elderly"])
    twenty = queries_to_export()
    for _ in range(20):
        ActivityFactory(facility=facility, audiences=["children"])
    forty = queries_to_export()

    assert forty == twenty
