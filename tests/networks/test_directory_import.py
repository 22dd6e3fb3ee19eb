"""Coordinators import members and facilities from CSV or Excel in the admin: a preview first,
every problem named by row in Japanese, and a file with any bad row changes nothing."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from core.import_admin import JapaneseCSV
from networks.models import Facility, Member
from networks.resources import MemberResource
from tests.conftest import client_for
from tests.factories import FacilityFactory, MemberFactory
from tests.html import visible_text

MEMBER_HEADER = "名称,よみがな,種別,地区,参加しているテーマ,ウェブサイト,電話番号,加入日,紹介,公開"
GOOD_MEMBERS = [
    "ひかり福祉会,ひかりふくしかい,社会福祉法人,練馬、光が丘,就労体験,https://example.jp/,"
    "03-0000-0001,2015-07-29,高齢者の施設を運営しています。,はい",
    "NPO法人こもれび,こもれび,NPO,大泉,,,,2019/10/01,,",
]
BAD_MEMBER = "株式会社みらい,みらい,株式会社,練馬、東京,,,電話はこちら,,,はい"


def csv_file(*lines: str, encoding: str = "utf-8", name: str = "members.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join(lines).encode(encoding), content_type="text/csv")


def preview(client: Client, model: str, upload: SimpleUploadedFile, fmt: str = "0") -> object:
    """Upload, then the job page the upload leads to (tests run tasks at once)."""
    return client.post(
        f"/admin/networks/{model}/import/",
        {"format": fmt, "import_file": upload, "resource": "0"},
        follow=True,
    )


def confirm(client: Client, model: str, response: object) -> object:
    form = response.context["confirm_form"]
    return client.post(f"/admin/networks/{model}/process_import/", dict(form.initial))


@pytest.mark.django_db
def test_a_good_csv_shows_a_preview_then_imports(coordinator_client: Client) -> None:
    response = preview(coordinator_client, "member", csv_file(MEMBER_HEADER, *GOOD_MEMBERS))

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not Member.objects.exists()  # the preview changes nothing

    done = confirm(coordinator_client, "member", response)

    assert done.status_code == 302
    hikari = Member.objects.get(name="ひかり福祉会")
    assert hikari.kind == Member.Kind.SOCIAL_WELFARE_CORPORATION
    assert sorted(d.name for d in hikari.districts.all()) == ["光が丘", "練馬"]
    assert [t.name for t in hikari.themes.all()] == ["就労体験"]
    assert hikari.joined_on.isoformat() == "2015-07-29"
    komorebi = Member.objects.get(name="NPO法人こもれび")
    assert komorebi.is_listed is True
    assert komorebi.joined_on.isoformat() == "2019-10-01"
    assert komorebi.kana_row == "か"
    messages = visible_text(coordinator_client.get(done["Location"]))
    assert "取り込みました：追加2件、更新0件、変更なし0件" in messages


@pytest.mark.django_db
def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_row_in_japanese(
    coordinator_client: Client,
) -> None:
    upload = csv_file(MEMBER_HEADER, GOOD_MEMBERS[0], BAD_MEMBER, GOOD_MEMBERS[1])

    response = preview(coordinator_client, "member", upload)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    text = visible_text(response)
    assert "取り込めない行があります" in text
    assert "2件目（ファイルの3行目）" in text
    assert "1件目" not in text
    assert "種別：「株式会社」は選べません。" in text
    assert "地区：「東京」は登録されていません。" in text
    assert "電話番号：電話番号は数字とハイフンで入力してください" in text
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_a_row_that_turns_bad_after_the_preview_rolls_back_the_whole_file(
    coordinator_client: Client,
) -> None:
    MemberFactory(name="ひかり福祉会")
    MemberFactory(name="みどり会")
    upload = csv_file(
        "運営法人,名称,対象,地区",
        "みどり会,みどり作業所,障害者,石神井",
        "ひかり福祉会,ひかりの郷,高齢者、子ども,練馬",
        name="facilities.csv",
    )
    response = preview(coordinator_client, "facility", upload)
    assert response.context["confirm_form"] is not None
    MemberFactory(name="ひかり福祉会")  # now two members have that name: row 2 is ambiguous

    done = confirm(coordinator_client, "facility", response)

    assert done.status_code == 302
    assert done["Location"] == response.redirect_chain[-1][0]  # back to the job page
    assert not Facility.objects.exists()
    text = visible_text(coordinator_client.get(done["Location"]))
    assert "取り込みを中止しました。データの2件目に問題があります。何も変更していません。" in text


@pytest.mark.django_db
def test_rows_update_the_record_with_the_same_name(coordinator_client: Client) -> None:
    member = MemberFactory(name="ひかり福祉会", phone="03-9999-9999")
    FacilityFactory(member=member, name="ひかりの郷", address="旧住所")
    upload = csv_file(
        "運営法人,名称,対象,地区,所在地",
        "ひかり福祉会,ひかりの郷,高齢者,光が丘,練馬区光が丘1-1",
        name="facilities.csv",
    )

    confirm(coordinator_client, "facility", preview(coordinator_client, "facility", upload))

    facility = Facility.objects.get()
    assert facility.address == "練馬区光が丘1-1"
    assert facility.district.name == "光が丘"


@pytest.mark.django_db
def test_a_facility_of_an_unknown_member_is_named_in_japanese(coordinator_client: Client) -> None:
    upload = csv_file("運営法人,名称,対象,地区", "どこにもない会,施設,高齢者,練馬")

    text = visible_text(preview(coordinator_client, "facility", upload))

    assert "運営法人：「どこにもない会」という会員（法人・団体）は登録されていません。" in text
    assert not Facility.objects.exists()


@pytest.mark.django_db
def test_a_shift_jis_csv_from_excel_imports(coordinator_client: Client) -> None:
    upload = csv_file(MEMBER_HEADER, *GOOD_MEMBERS, encoding="cp932")

    confirm(coordinator_client, "member", preview(coordinator_client, "member", upload))

    assert Member.objects.count() == 2


@pytest.mark.django_db
def test_an_excel_file_imports(coordinator_client: Client) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(MEMBER_HEADER.split(","))
    sheet.append(["みどり会", "みどりかい", "地域活動団体", "石神井", None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("members.xlsx", buffer.getvalue())

    response = preview(coordinator_client, "member", upload, fmt="1")
    confirm(coordinator_client, "member", response)

    member = Member.objects.get()
    assert member.kind == Member.Kind.COMMUNITY_GROUP
    assert member.description == ""


@pytest.mark.django_db
def test_an_export_reimports_unchanged(coordinator_client: Client) -> None:
    MemberFactory(name="ひかり福祉会", districts=["nerima", "oizumi"], themes=["welfare-education"])
    exported = JapaneseCSV().export_data(MemberResource().export())
    assert exported.startswith("\ufeff名称,よみがな,種別,地区")
    assert "練馬、大泉" in exported

    upload = SimpleUploadedFile("members.csv", exported.encode())
    response = preview(coordinator_client, "member", upload)
    confirm(coordinator_client, "member", response)

    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_gets_a_japanese_message(coordinator_client: Client) -> None:
    upload = SimpleUploadedFile("members.csv", b"\xff\xfe\x00\x81\x00\x82broken")

    text = visible_text(preview(coordinator_client, "member", upload))

    assert "ファイルを読み込めませんでした。" in text


@pytest.mark.django_db
def test_residents_cannot_reach_the_import(resident_client: Client) -> None:
    response = resident_client.get("/admin/networks/member/import/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_without_the_network_permissions_cannot_import(db: None) -> None:
    staff = User.objects.create_user(
        "staff@example.jp", "x-password-123", name="職員", is_staff=True
    )
    client = client_for(staff)

    assert client.get("/admin/networks/member/import/").status_code == 403
    upload = csv_file(MEMBER_HEADER, *GOOD_MEMBERS)
    assert preview(client, "member", upload).status_code == 403
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_sees_import_and_export_on_the_list(coordinator_client: Client) -> None:
    html = coordinator_client.get("/admin/networks/member/").content.decode()

    assert "/admin/networks/member/import/" in html
    assert "/admin/networks/member/export/" in html


@pytest.mark.django_db
def test_a_coordinator_who_may_only_view_cannot_import(coordinator: User) -> None:
    group = Group.objects.get(name="コーディネーター")
    group.permissions.remove(*group.permissions.filter(codename="add_member"))
    client = client_for(User.objects.get(pk=coordinator.pk))

    assert client.get("/admin/networks/member/import/").status_code == 403
    assert client.get("/admin/networks/facility/import/").status_code == 200
