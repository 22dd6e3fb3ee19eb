"""Checking a file costs the same number of queries for 50 rows as for 100: names, members
and the records to update are looked up once per file, never once per row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.imports import import_job_check, import_job_run
from core.models import ImportJob
from networks.models import Member
from tests.factories import MemberFactory
from tests.networks.imports import FACILITY_HEADER, MEMBER_HEADER, facility_rows, member_rows

ROWS_PER_PROGRESS_UPDATE = 100


def job_for(model: str, content: str) -> ImportJob:
    resource = {"member": "MemberResource", "facility": "FacilityResource"}[model]
    return ImportJob.objects.create(
        model=f"networks.{model}",
        resource=f"networks.resources.{resource}",
        file_format="core.import_admin.JapaneseCSV",
        file_name="file.csv",
        content=content.encode(),
    )


def queries_to(step: object, job: ImportJob) -> int:
    with CaptureQueriesContext(connection) as queries:
        step(job=job)
    return len(queries.captured_queries)


def members_file(rows: int) -> str:
    return "\n".join([MEMBER_HEADER, *member_rows(rows)])


@pytest.mark.django_db
def test_checking_members_costs_the_same_queries_for_50_and_100_rows(db: None) -> None:
    for name in ("福祉会1", "福祉会60"):  # rows that update existing members
        MemberFactory(name=name, districts=["nerima"])

    fifty = queries_to(import_job_check, job_for("member", members_file(50)))
    hundred = queries_to(import_job_check, job_for("member", members_file(100)))

    # one more: the progress note after row 100
    assert hundred - fifty <= 100 // ROWS_PER_PROGRESS_UPDATE
    assert fifty <= 20


@pytest.mark.django_db
def test_checking_facilities_costs_the_same_queries_for_50_and_100_rows(db: None) -> None:
    MemberFactory(name="ひかり福祉会")

    def facilities(rows: int) -> str:
        return "\n".join([FACILITY_HEADER, *facility_rows(rows)])

    fifty = queries_to(import_job_check, job_for("facility", facilities(50)))
    hundred = queries_to(import_job_check, job_for("facility", facilities(100)))

    assert hundred - fifty <= 1
    assert fifty <= 20


@pytest.mark.django_db
def test_importing_writes_in_bulk_not_row_by_row(db: None) -> None:
    fifty_job, hundred_job = (
        job_for("member", members_file(50)),
        job_for("member", members_file(100)),
    )
    ImportJob.objects.update(status=ImportJob.Status.IMPORTING)

    fifty = queries_to(import_job_run, fifty_job)
    Member.objects.all().delete()
    hundred = queries_to(import_job_run, hundred_job)

    assert hundred - fifty <= 4  # the progress note, and a second batch where SQLite needs one


@pytest.mark.django_db
def test_the_upload_itself_does_not_check_the_rows(
    coordinator_client: Client, queue_tasks: None
) -> None:
    content = members_file(2_000).encode()

    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.post(
            "/admin/networks/member/import/",
            {"format": "0", "import_file": SimpleUploadedFile("m.csv", content), "resource": "0"},
        )

    assert response.status_code == 302
    assert len(queries.captured_queries) < 20
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKING
