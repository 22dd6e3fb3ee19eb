"""The admin's activity export (CSV and Excel) names everything as the import reads it, no cell
runs as a formula, and importing the exported file again changes nothing: not the rows, not
the dated sessions, not the dates the lists use."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from networks.models import Activity, ActivityOccurrence, ActivitySession, Facility
from tests.factories import ActivityFactory, FacilityFactory, HashtagFactory, MemberFactory, at
from tests.html import visible_text

CSV, XLSX = "0", "1"  # the formats the admin offers, in order
URL = "/admin/networks/activity/"
FORMULA = '=HYPERLINK("http://evil.example/","詳しくはこちら")'


def make_activities() -> None:
    organiser = MemberFactory(name="ひかり福祉会")
    home = FacilityFactory(member=organiser, name="地域交流センター")
    FacilityFactory(name="地域交流センター")  # another member's, of the same name
    ActivityFactory(
        organiser=organiser,
        title="ひかりサロン",
        kind=Activity.Kind.PLACE_TO_BELONG,
        facility=home,
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[0, 2],
        start_time=dt.time(10),
        end_time=dt.time(12),
        schedule_note="祝日はお休み",
        open_to_all=True,
        description=FORMULA,
        fee="-",
        last_confirmed_on=dt.date(2026, 4, 1),
        audiences=["elderly", "children"],
        hashtags=[HashtagFactory(name="居場所"), HashtagFactory(name="見守り")],
    )
    ActivityFactory(
        organiser=organiser,
        title="しごと体験会",
        kind=Activity.Kind.WORK_EXPERIENCE,
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[2, 4],
        start_time=dt.time(13, 30),
        venue="光が丘区民センター",
    )
    ActivityFactory(
        organiser=organiser,
        title="車いす体験",
        kind=Activity.Kind.WELFARE_EDUCATION,
        is_listed=False,
        sessions=[at(timezone.localdate() + dt.timedelta(days=days), 13) for days in (3, 10)],
    )


def export(client: Client, fmt: str) -> bytes:
    """Through the admin's export page, every column ticked, as a person would."""
    form = client.get(f"{URL}export/").context["form"]
    columns = tuple(f"_{column}" for column in form.resources[0]().get_export_order())
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.endswith(columns)})
    response = client.post(f"{URL}export/", data)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(content: bytes, fmt: str) -> dict[str, dict[str, object]]:
    if fmt == CSV:
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    return {str(row["名称"]): row for row in rows}


def reimport(client: Client, content: bytes, fmt: str) -> str:
    upload = io.BytesIO(content)
    upload.name = "export.csv" if fmt == CSV else "export.xlsx"
    job_page = client.post(
        f"{URL}import/", {"format": fmt, "import_file": upload, "resource": "0"}, follow=True
    )
    form = job_page.context.get("confirm_form")
    assert form is not None, visible_text(job_page)
    done = client.post(f"{URL}process_import/", dict(form.initial), follow=True)
    return visible_text(done)


def snapshot() -> list[object]:
    return [
        list(Activity.objects.order_by("pk").values()),
        sorted(Activity.audiences.through.objects.values_list("activity_id", "targetgroup_id")),
        sorted(Activity.hashtags.through.objects.values_list("activity_id", "hashtag_id")),
        list(ActivitySession.objects.order_by("pk").values()),
        sorted(ActivityOccurrence.objects.values_list("activity_id", "date")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_an_exported_file_names_the_rule_and_reimports_unchanged(
    coordinator_client: Client, fmt: str
) -> None:
    make_activities()
    before = snapshot()

    content = export(coordinator_client, fmt)

    rows = rows_of(content, fmt)
    salon = rows["ひかりサロン"]
    assert salon["主催"] == "ひかり福祉会"
    assert salon["種類"] == "居場所"
    assert salon["会場（施設）"] == "地域交流センター"
    assert salon["日程の決め方"] == "毎週"
    assert salon["曜日"] == "月、水"
    assert salon["開始時刻"] == ("10:00" if fmt == CSV else dt.time(10))  # Excel: a time cell
    assert salon["対象"] == "高齢者、子ども"
    assert salon["ハッシュタグ"] == "居場所、見守り"
    assert salon["どなたでも参加できる"] == "はい"
    assert salon["内容"] == "'" + FORMULA  # a quote in front: text, not a formula
    assert rows["しごと体験会"]["日程の決め方"] == "毎月（第何週）"
    assert rows["しごと体験会"]["第何週"] == "第2、第4"
    assert rows["車いす体験"]["公開"] == "いいえ"

    text = reimport(coordinator_client, content, fmt)

    assert "取り込みました：追加0件、更新0件、変更なし3件" in text
    assert snapshot() == before
    assert Facility.objects.count() == 2


@pytest.mark.django_db
def test_a_resident_cannot_export_activities(resident_client: Client) -> None:
    ActivityFactory(title="ひかりサロン")

    response = resident_client.get(f"{URL}export/")

    assert response.status_code == 302
    assert "ひかりサロン" not in response.content.decode()
