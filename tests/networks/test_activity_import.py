"""A coordinator imports 10,000 activities in one file through the admin: the file is checked,
then imported, every row stored with its rule and its dates, and shown on the public pages as
after an admin edit; one bad row among them stores nothing and is named in Japanese."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from core.models import ImportJob
from networks.models import Activity
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, at
from tests.html import visible_text
from tests.networks.imports import (
    ACTIVITY_HEADER,
    activity_rows,
    confirm,
    csv_upload,
    upload,
)

ROWS = 10_000


def import_activities(client: Client, rows: list[str]) -> object:
    """Upload, check and confirm; the page shown afterwards."""
    return confirm(
        client, "activity", upload(client, "activity", csv_upload(ACTIVITY_HEADER, rows))
    )


@pytest.mark.django_db
def test_ten_thousand_activities_are_checked_then_all_imported_and_shown(
    coordinator_client: Client, client: Client
) -> None:
    organiser = MemberFactory(name="ひかり福祉会")
    FacilityFactory(member=organiser, name="ひかりホーム")

    job_page = upload(
        coordinator_client,
        "activity",
        csv_upload(ACTIVITY_HEADER, activity_rows(ROWS, facility="ひかりホーム")),
    )

    assert job_page.status_code == 200
    assert "10,000行を確認しました。問題はありません。" in visible_text(job_page)
    assert "追加10,000件、更新0件、変更なし0件になります" in visible_text(job_page)
    assert not Activity.objects.exists()  # the check writes nothing

    done = confirm(coordinator_client, "activity", job_page)

    assert "取り込みました：追加10000件、更新0件、変更なし0件" in visible_text(done)
    assert Activity.objects.count() == ROWS
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert (job.total_rows, job.processed_rows) == (ROWS, ROWS)

    weekly = Activity.objects.get(title=f"ひかりサロン{ROWS - 10}")
    assert weekly.organiser == organiser
    assert weekly.facility.name == "ひかりホーム"
    assert (weekly.kind, weekly.theme.name, weekly.district.name) == (
        Activity.Kind.PLACE_TO_BELONG,
        "交流の場・居場所づくり",
        "光が丘",
    )
    assert sorted(group.name for group in weekly.audiences.all()) == ["子ども", "高齢者"]
    assert weekly.open_to_all is True
    assert weekly.recurrence_text == "毎週月・水曜日 10:00〜12:00"
    assert weekly.last_confirmed_on == dt.date(2026, 4, 1)
    assert weekly.occurrences.count() >= 50  # two days a week for 180 days
    assert {o.date.weekday() for o in weekly.occurrences.all()} == {0, 2}

    monthly = Activity.objects.get(title="ひかりサロン11")
    assert monthly.recurrence_text == "毎月第2・第4金曜日 13:00〜15:00"
    assert monthly.facility is None
    assert monthly.venue == "光が丘区民センター"
    assert monthly.occurrences.exists()

    dated = Activity.objects.get(title="ひかりサロン12")
    assert dated.schedule == Activity.Schedule.DATED
    assert not dated.occurrences.exists()  # no sessions yet: they are added in the admin

    page = client.get(weekly.get_absolute_url())
    assert page.status_code == 200
    assert f"ひかりサロン{ROWS - 10}" in visible_text(page)
    assert "毎週月・水曜日10:00〜12:00" in visible_text(page)
    listing = visible_text(client.get("/activities/"))
    assert "活動10000件" in listing
    assert "ひかりサロン" in listing


@pytest.mark.django_db
def test_one_bad_row_among_ten_thousand_stores_nothing_and_is_named_in_japanese(
    coordinator_client: Client,
) -> None:
    MemberFactory(name="ひかり福祉会")
    rows = activity_rows(ROWS)
    rows[7_499] = rows[7_499].replace("ひかり福祉会", "みどり福祉会").replace(",光が丘,", ",東京,")

    job_page = upload(coordinator_client, "activity", csv_upload(ACTIVITY_HEADER, rows))

    text = visible_text(job_page)
    assert "取り込めない行があります" in text
    assert (
        "7500件目（ファイルの7501行目）：主催：「みどり福祉会」という会員（法人・団体）は"
        "登録されていません。" in text
    )
    assert "7500件目（ファイルの7501行目）：地区：「東京」という地区は登録されていません。" in text
    assert job_page.context["confirm_form"] is None
    assert not Activity.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.INVALID


@pytest.mark.django_db
def test_wrong_schedule_names_are_refused_next_to_their_column(
    coordinator_client: Client,
) -> None:
    MemberFactory(name="ひかり福祉会")
    rows = activity_rows(3)
    rows[0] = rows[0].replace(",月、水,", ",月、祝,").replace(",10:00,", ",朝,")
    rows[1] = rows[1].replace(",第2、第4,", ",,")
    rows[2] = rows[2].replace(",日付を指定,", ",ときどき,")

    text = visible_text(upload(coordinator_client, "activity", csv_upload(ACTIVITY_HEADER, rows)))

    assert "1件目（ファイルの2行目）：曜日：「祝」は選べません。" in text
    assert "1件目（ファイルの2行目）：開始時刻：時刻は「10:00」の形で入力してください。" in text
    assert "2件目（ファイルの3行目）：第何週：第何週かを選んでください。" in text
    assert "3件目（ファイルの4行目）：日程の決め方：「ときどき」は選べません。" in text
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_reimporting_updates_by_organiser_and_name_and_moves_the_dates(
    coordinator_client: Client, client: Client
) -> None:
    MemberFactory(name="ひかり福祉会")
    rows = activity_rows(100)
    import_activities(coordinator_client, rows)
    weekly = Activity.objects.get(title="ひかりサロン10")
    old_dates = set(weekly.occurrences.values_list("date", flat=True))
    rows[10] = rows[10].replace(",月、水,", ",土,")
    rows[20] = rows[20].replace(",内容20,", ",新しい内容,")

    done = import_activities(coordinator_client, rows)

    assert "追加0件、更新2件、変更なし98件" in visible_text(done)
    assert Activity.objects.count() == 100
    weekly.refresh_from_db()
    assert weekly.weekdays == [5]
    new_dates = set(weekly.occurrences.values_list("date", flat=True))
    assert new_dates
    assert not new_dates & old_dates
    assert {date.weekday() for date in new_dates} == {5}
    assert "毎週土曜日10:00〜12:00" in visible_text(client.get(weekly.get_absolute_url()))
    assert Activity.objects.get(title="ひかりサロン20").description == "新しい内容"


@pytest.mark.django_db
def test_an_import_keeps_the_dated_sessions_entered_in_the_admin(
    coordinator_client: Client,
) -> None:
    organiser = MemberFactory(name="ひかり福祉会")
    day = timezone.localdate() + dt.timedelta(days=7)
    ActivityFactory(organiser=organiser, title="ひかりサロン2", sessions=[at(day, 13)])
    weekly = ActivityFactory(
        organiser=organiser,
        title="ひかりサロン0",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[1],
        sessions=[at(day, 10)],  # an old session, from when it had dates
    )

    import_activities(coordinator_client, activity_rows(3))

    dated = Activity.objects.get(title="ひかりサロン2")
    assert dated.sessions.count() == 1
    assert list(dated.occurrences.values_list("date", flat=True)) == [day]
    assert dated.description == "内容2"
    weekly.refresh_from_db()
    assert weekly.weekdays == [0, 2]
    assert weekly.sessions.count() == 1  # kept, though a rule now sets the dates
    assert {o.date.weekday() for o in weekly.occurrences.all()} == {0, 2}
    assert Activity.objects.count() == 3


@pytest.mark.django_db
def test_a_facility_name_two_members_use_means_the_organisers_own(
    coordinator_client: Client,
) -> None:
    organiser = MemberFactory(name="ひかり福祉会")
    own = FacilityFactory(member=organiser, name="地域交流センター")
    FacilityFactory(name="地域交流センター")

    import_activities(coordinator_client, activity_rows(1, facility="地域交流センター"))

    assert Activity.objects.get().facility == own


@pytest.mark.django_db
def test_the_import_page_says_dated_sessions_stay_in_the_admin(
    coordinator_client: Client,
) -> None:
    page = coordinator_client.get("/admin/networks/activity/import/")

    assert page.status_code == 200
    text = visible_text(page)
    assert "「日付を指定」の開催日（日時）はファイルでは取り込まず" in text
    # the columns it reads
    for column in ("主催", "名称", "日程の決め方", "曜日", "第何週", "開始時刻"):
        assert column in text


@pytest.mark.django_db
def test_a_resident_cannot_import_activities(resident_client: Client) -> None:
    MemberFactory(name="ひかり福祉会")

    response = upload(resident_client, "activity", csv_upload(ACTIVITY_HEADER, activity_rows(3)))

    assert "/admin/login/" in response.redirect_chain[-1][0]
    assert not ImportJob.objects.exists()
    assert not Activity.objects.exists()
