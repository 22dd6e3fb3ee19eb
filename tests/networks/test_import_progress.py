"""The upload only stores the file and queues it: the task queue's worker
(`manage.py qcluster`) checks it, and the job page shows how far it got, reloading itself
every 2 seconds (a meta refresh: no script) until the result is there."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.imports import import_job_check
from core.models import ImportJob
from networks.models import Member
from tests.html import visible_text
from tests.networks.imports import MEMBER_HEADER, confirm, csv_upload, member_rows, upload
from tests.tasks import run_queued_tasks


@pytest.mark.django_db
def test_the_worker_checks_then_imports_a_queued_file(
    coordinator_client: Client, queue_tasks: None
) -> None:
    waiting = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(300)))

    assert '<meta http-equiv="refresh" content="2">' in waiting.content.decode()
    assert "順番を待っています" in visible_text(waiting)
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKING

    run_queued_tasks()

    job_page = coordinator_client.get(waiting.request["PATH_INFO"])
    assert "300行を確認しました。問題はありません。" in visible_text(job_page)
    assert 'http-equiv="refresh"' not in job_page.content.decode()
    assert not Member.objects.exists()

    importing = confirm(coordinator_client, "member", job_page)
    assert 'http-equiv="refresh"' in importing.content.decode()
    run_queued_tasks()

    assert "取り込みました：追加300件" in visible_text(
        coordinator_client.get(waiting.request["PATH_INFO"])
    )
    assert Member.objects.count() == 300


@pytest.mark.django_db
def test_the_job_page_shows_how_many_rows_are_checked(
    coordinator_client: Client, queue_tasks: None
) -> None:
    waiting = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(3)))
    ImportJob.objects.update(total_rows=10_000, processed_rows=1_200)  # as the task does

    page = coordinator_client.get(waiting.request["PATH_INFO"])

    assert "1,200/10,000行を確認しました。" in visible_text(page)
    assert re.search(r'<progress max="100" value="12">', page.content.decode())
    assert '<meta http-equiv="refresh" content="2">' in page.content.decode()


@pytest.mark.django_db
def test_the_check_records_its_progress_every_hundred_rows(coordinator_client: Client) -> None:
    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(250)))
    job = ImportJob.objects.get()
    job.status = ImportJob.Status.CHECKING
    job.save()

    with CaptureQueriesContext(connection) as queries:
        import_job_check(job=job)

    progress = [
        q["sql"]
        for q in queries.captured_queries
        if "processed_rows" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert len(progress) >= 2  # after rows 100 and 200, then the result
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportJob.Status.CHECKED, 250, 250)
    assert job_page.status_code == 200


@pytest.mark.django_db
def test_another_coordinator_cannot_see_or_confirm_someone_elses_job(
    coordinator_client: Client, queue_tasks: None, django_user_model: object
) -> None:
    from django.contrib.auth.models import Group

    from tests.conftest import client_for

    upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(3)))
    job = ImportJob.objects.get()
    other = django_user_model.objects.create_user(
        "other@example.jp", "x-pass-1234567", name="他", is_staff=True
    )
    other.groups.add(Group.objects.get(name="コーディネーター"))
    client = client_for(other)

    assert client.get(f"/admin/networks/member/import/{job.pk}/").status_code == 404
    assert client.post("/admin/networks/member/process_import/", {"job": job.pk}).status_code == 404
    assert client.get(f"/admin/networks/facility/import/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_job_cannot_be_confirmed_twice(coordinator_client: Client) -> None:
    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(3)))
    confirm(coordinator_client, "member", job_page)

    again = confirm(coordinator_client, "member", job_page)

    assert "この取り込みは、確認が済んだ状態ではありません。" in visible_text(again)
    assert Member.objects.count() == 3
