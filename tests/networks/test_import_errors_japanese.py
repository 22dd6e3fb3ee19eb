"""A file with wrong columns, NUL bytes or an unknown encoding is refused on the import page
itself, in Japanese, with nothing queued; a Shift_JIS file from Excel still imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import ImportJob
from networks.models import Member
from tests.html import visible_text
from tests.networks.imports import MEMBER_HEADER, confirm, member_rows, upload


def refused(client: Client, content: bytes, model: str = "member", fmt: str = "0") -> str:
    response = upload(client, model, SimpleUploadedFile("file.csv", content), fmt)
    assert response.status_code == 200
    assert response.redirect_chain == []  # stayed on the import page
    assert not ImportJob.objects.exists()
    return visible_text(response)


@pytest.mark.django_db
def test_an_unknown_column_is_named(coordinator_client: Client) -> None:
    text = refused(coordinator_client, f"{MEMBER_HEADER},メモ\n{member_rows(1)[0]},x".encode())

    assert "「メモ」という列は使えません。使える列：名称、よみがな、種別" in text


@pytest.mark.django_db
def test_a_missing_required_column_is_named(coordinator_client: Client) -> None:
    text = refused(coordinator_client, "名称,よみがな\nひかり福祉会,ひかり".encode())

    assert "必要な列「種別」「地区」がありません。1行目に列名を書いてください。" in text


@pytest.mark.django_db
def test_a_facility_file_without_the_operator_column_is_refused(coordinator_client: Client) -> None:
    text = refused(coordinator_client, "名称,対象,地区\n施設,高齢者,練馬".encode(), "facility")

    assert "必要な列「運営法人」がありません。" in text


@pytest.mark.django_db
def test_nul_bytes_are_refused_in_japanese(coordinator_client: Client) -> None:
    utf16 = f"{MEMBER_HEADER}\n{member_rows(1)[0]}".encode("utf-16")  # Excel's "Unicode text"

    text = refused(coordinator_client, utf16)

    assert (
        "ファイルを読み込めませんでした。ファイルにNUL文字（文字コード0の文字）が含まれています。"
        in text
    )


@pytest.mark.django_db
def test_a_nul_byte_in_a_row_is_refused_in_japanese(coordinator_client: Client) -> None:
    content = f"{MEMBER_HEADER}\n{member_rows(1)[0]}".encode().replace("紹介".encode(), b"\x00")

    assert "NUL文字" in refused(coordinator_client, content)


@pytest.mark.django_db
def test_bytes_that_are_neither_utf8_nor_shift_jis_are_refused_in_japanese(
    coordinator_client: Client,
) -> None:
    text = refused(coordinator_client, MEMBER_HEADER.encode() + b"\n\xff\xfd\xa0\x80")

    assert "文字コードがUTF-8でもShift_JISでもありません。" in text


@pytest.mark.django_db
def test_a_csv_chosen_as_excel_is_refused_in_japanese(coordinator_client: Client) -> None:
    text = refused(coordinator_client, MEMBER_HEADER.encode(), fmt="1")

    assert "ファイルを読み込めませんでした。形式（CSVかExcel）の選択と" in text


@pytest.mark.django_db
def test_no_english_reaches_the_page(coordinator_client: Client) -> None:
    text = refused(coordinator_client, b"name,kind\nx,y")

    assert "「name」「kind」という列は使えません。" in text
    for english in ("Error", "encountered", "headers", "import_id_fields", "line contains"):
        assert english not in text


@pytest.mark.django_db
def test_a_shift_jis_file_from_excel_still_imports(coordinator_client: Client) -> None:
    content = "\r\n".join([MEMBER_HEADER, *member_rows(20)]).encode("cp932")

    job_page = upload(coordinator_client, "member", SimpleUploadedFile("members.csv", content))
    confirm(coordinator_client, "member", job_page)

    assert Member.objects.count() == 20
    assert Member.objects.filter(name="福祉会3", districts__name="光が丘").exists()
