"""Members imported from a spreadsheet in the admin (the ImportJob path: check, confirm, import
in a task) are on the next anonymous /network/."""

import pytest
from django.test import Client

from core.models import ImportJob
from networks.models import Member
from tests.networks.imports import MEMBER_HEADER, confirm, csv_upload, member_rows, upload
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_imported_members_show_at_once(coordinator_client: Client, plan: object) -> None:
    before = cached("/network/")
    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(3)))

    confirm(coordinator_client, "member", job_page)

    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert Member.objects.count() == 3
    assert_shows_the_change("/network/", before)
