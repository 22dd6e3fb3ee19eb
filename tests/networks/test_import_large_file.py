"""A coordinator imports 10,000 members in one file through the admin: the file is checked,
then imported, every row stored; one bad row among them stores nothing and is named."""

import pytest
from django.test import Client

from core.models import ImportJob
from networks.models import Facility, Member
from tests.factories import MemberFactory
from tests.html import visible_text
from tests.networks.imports import (
    FACILITY_HEADER,
    MEMBER_HEADER,
    confirm,
    csv_upload,
    facility_rows,
    member_rows,
    upload,
)

ROWS = 10_000


@pytest.mark.django_db
def test_ten_thousand_members_are_checked_then_all_imported(coordinator_client: Client) -> None:
    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, member_rows(ROWS)))

    assert job_page.status_code == 200
    assert "10,000行を確認しました。問題はありません。" in visible_text(job_page)
    assert "追加10,000件、更新0件、変更なし0件になります" in visible_text(job_page)
    assert not Member.objects.exists()  # the check writes nothing

    done = confirm(coordinator_client, "member", job_page)

    assert "取り込みました：追加10000件、更新0件、変更なし0件" in visible_text(done)
    assert Member.objects.count() == ROWS
    last = Member.objects.get(name=f"福祉会{ROWS - 1}")
    assert last.name_kana == "ふくしかい"
    assert last.kana_row == "は"
    assert sorted(d.name for d in last.districts.all()) == ["光が丘", "練馬"]
    assert [t.name for t in last.themes.all()] == ["就労体験"]
    first = Member.objects.get(name="福祉会0")
    assert first.name_kana  # derived from the name, as save() would
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert (job.total_rows, job.processed_rows) == (ROWS, ROWS)
    assert job.content == b""  # the file is not kept once imported


@pytest.mark.django_db
def test_one_bad_row_among_ten_thousand_stores_nothing_and_is_named(
    coordinator_client: Client,
) -> None:
    rows = member_rows(ROWS)
    rows[7_499] = rows[7_499].replace("社会福祉法人", "株式会社")

    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows))

    text = visible_text(job_page)
    assert "取り込めない行があります" in text
    assert "7500件目（ファイルの7501行目）：種別：「株式会社」は選べません。" in text
    assert job_page.context["confirm_form"] is None
    assert not Member.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.INVALID


@pytest.mark.django_db
def test_an_import_that_finds_a_bad_row_at_confirmation_rolls_back_every_row(
    coordinator_client: Client,
) -> None:
    rows = member_rows(2_000)
    job_page = upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows))
    MemberFactory(name="福祉会1500")
    MemberFactory(name="福祉会1500")  # now row 1501 matches two members: ambiguous

    done = confirm(coordinator_client, "member", job_page)

    text = visible_text(done)
    assert (
        "取り込みを中止しました。データの1501件目に問題があります。何も変更していません。" in text
    )
    assert Member.objects.count() == 2  # only the two made above
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


@pytest.mark.django_db
def test_reimporting_the_same_members_updates_and_skips_instead_of_adding(
    coordinator_client: Client,
) -> None:
    rows = member_rows(500)
    confirm(
        coordinator_client,
        "member",
        upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows)),
    )
    rows[10] = rows[10].replace("紹介10", "新しい紹介")
    rows[20] = rows[20].replace("練馬、光が丘", "大泉")

    done = confirm(
        coordinator_client,
        "member",
        upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows)),
    )

    assert "追加0件、更新2件、変更なし498件" in visible_text(done)
    assert Member.objects.count() == 500
    assert Member.objects.get(name="福祉会10").description == "新しい紹介"
    assert [d.name for d in Member.objects.get(name="福祉会20").districts.all()] == ["大泉"]
    assert Member.objects.get(name="福祉会21").districts.count() == 2


@pytest.mark.django_db
def test_the_same_member_twice_in_one_file_is_named(coordinator_client: Client) -> None:
    rows = member_rows(5)
    rows.append(rows[1])

    text = visible_text(upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows)))

    assert "6件目（ファイルの7行目）：2件目と同じ会員（法人・団体）です。" in text
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_a_thousand_facilities_import_and_one_bad_row_stores_none(
    coordinator_client: Client,
) -> None:
    MemberFactory(name="ひかり福祉会")
    bad = facility_rows(1_000)
    bad[500] = bad[500].replace(",練馬,", ",東京,")

    refused = upload(coordinator_client, "facility", csv_upload(FACILITY_HEADER, bad))

    assert "501件目（ファイルの502行目）：地区：「東京」という地区は登録されていません。" in (
        visible_text(refused)
    )
    assert not Facility.objects.exists()

    done = confirm(
        coordinator_client,
        "facility",
        upload(coordinator_client, "facility", csv_upload(FACILITY_HEADER, facility_rows(1_000))),
    )

    assert "追加1000件" in visible_text(done)
    assert Facility.objects.count() == 1_000
    facility = Facility.objects.get(name="施設999")
    assert facility.member.name == "ひかり福祉会"
    assert facility.district.name == "練馬"
    assert sorted(t.name for t in facility.target_groups.all()) == ["子ども", "高齢者"]
