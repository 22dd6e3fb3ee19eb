"""The audit export (/admin/consultations/accesslog/): supervisors and 管理者 download the access
log or the change history of a period as CSV with each row's chain hash and no case content;
the export is itself in the access log; everyone else is refused; a bad period is explained."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import COORDINATOR
from consultations import services
from consultations.models import AccessLog, ChangeRecord
from tests.conftest import PASSWORD, client_for
from tests.consultations.factories import CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:consultations_accesslog_changelist")
SECRET = "MKR検索語 田中"


def period(kind: str = "accesslog", **changes: str) -> dict[str, str]:
    today = timezone.localdate()
    return {"kind": kind, "start": str(today - dt.timedelta(days=1)), "end": str(today), **changes}


def download(client, **query: str) -> list[list[str]]:
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def history(staff_a) -> None:
    case = CaseFactory(primary_staff=staff_a, main_concern="MKR主訴")
    services.access_log(user=staff_a, action="view", case=case)
    services.access_log(user=staff_a, action="search", detail=SECRET)
    services.person_update(person=case.person, user=staff_a, notes="MKR追記した値")


def test_a_supervisor_exports_the_access_log_with_its_chain_and_no_content(
    supervisor_a, history
) -> None:
    rows = download(client_for(supervisor_a), **period())
    header, *records = rows
    assert header[0] == "ID"
    assert header[-1] == "連鎖ハッシュ"
    by_id = {row.pk: row for row in AccessLog.objects.all()}
    assert [int(row[0]) for row in records] == sorted(by_id)  # every row, in chain order
    assert all(row[-1] == by_id[int(row[0])].chain_hash for row in records)
    assert "検索" in {row[4] for row in records}
    text = "\n".join(",".join(row) for row in rows)
    assert "MKR" not in text  # no search terms, no concern, no values


def test_the_export_is_itself_in_the_access_log(supervisor_a, history) -> None:
    rows = download(client_for(supervisor_a), **period())
    logged = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert logged.user == supervisor_a
    assert logged.detail.startswith("audit accesslog ")
    assert str(logged.pk) == rows[-1][0]  # written before the rows were read: the last one


def test_a_system_admin_exports_the_change_history(system_admin, history) -> None:
    header, *records = download(client_for(system_admin), **period("changerecord"))
    assert header[-2:] == ["変更前後のハッシュ", "連鎖ハッシュ"]
    record = ChangeRecord.objects.get()
    assert records == [
        [
            str(record.pk),
            timezone.localtime(record.at).isoformat(timespec="seconds"),
            str(record.user_id),
            record.user.name,
            str(record.case_id or ""),
            "consultations.person",
            record.object_id,
            "notes",
            record.values_digest,
            record.chain_hash,
        ]
    ]


def test_the_period_limits_the_rows(supervisor_a, history) -> None:
    yesterday = str(timezone.localdate() - dt.timedelta(days=1))
    rows = download(client_for(supervisor_a), **period(start=yesterday, end=yesterday))
    assert len(rows) == 1  # the header alone


def test_cells_that_a_spreadsheet_would_run_are_quoted(supervisor_a) -> None:
    sly = User.objects.create_user("sly@example.jp", PASSWORD, name="=HYPERLINK(1)")
    services.access_log(user=sly, action="view")
    rows = download(client_for(supervisor_a), **period())
    assert "'=HYPERLINK(1)" in {row[3] for row in rows}


def test_the_page_explains_itself_and_a_bad_period_is_named(supervisor_a) -> None:
    client = client_for(supervisor_a)
    page = client.get(URL)
    assert page.status_code == 200
    assert "監査のための書き出し" in page.content.decode()
    bad = client.get(URL, period(start="2026-05-10", end="2026-05-01"))
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "末日は初日と同じか、それより後の日にしてください。" in body
    assert 'value="2026-05-10"' in body  # what was typed is kept
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
    typo = client.get(URL, period(start="2026-13-40"))
    assert "日付は 2025-04-01 のように入れてください。" in typo.content.decode()


@pytest.fixture
def coordinator(db) -> User:
    user = User.objects.create_user("coord@example.jp", PASSWORD, name="コーディ", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    return user


@pytest.mark.parametrize("persona", ["staff_a", "coordinator", "superuser"])
def test_it_is_refused_to_everyone_else(request, persona, history) -> None:
    if persona == "superuser":
        user = User.objects.create_superuser("root@example.jp", PASSWORD, name="root")
    else:
        user = request.getfixturevalue(persona)
    response = client_for(user).get(URL, period())
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_supervisor_session_without_the_second_factor_is_refused(supervisor_a) -> None:
    response = client_for(supervisor_a, second_factor=False).get(URL, period())
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client) -> None:
    response = client.get(URL, period())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
