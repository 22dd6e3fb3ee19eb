"""Helpers for the spreadsheet import tests: generated files, and the admin's upload and
confirm steps as a coordinator does them (tests run tasks at once unless they say not)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

MEMBER_HEADER = "名称,よみがな,種別,地区,参加しているテーマ,ウェブサイト,電話番号,加入日,紹介,公開"
FACILITY_HEADER = "運営法人,名称,よみがな,対象,地区,所在地,電話番号,公開"


def member_rows(count: int, start: int = 0) -> list[str]:
    return [
        f"福祉会{i},{'ふくしかい' if i % 2 else ''},社会福祉法人,練馬、光が丘,就労体験,"
        f"https://example.jp/{i},03-0000-{i % 10000:04d},2015/07/29,紹介{i},はい"
        for i in range(start, start + count)
    ]


def facility_rows(count: int, operator: str = "ひかり福祉会") -> list[str]:
    return [
        f"{operator},施設{i},しせつ{i},高齢者、子ども,練馬,練馬区{i}番地,03-1111-0000,はい"
        for i in range(count)
    ]


def csv_upload(header: str, rows: list[str], name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([header, *rows]).encode(), content_type="text/csv")


def upload(client: Client, model: str, file: SimpleUploadedFile, fmt: str = "0") -> object:
    """The import page's form; a readable file leads to its job page (followed)."""
    return client.post(
        f"/admin/networks/{model}/import/",
        {"format": fmt, "import_file": file, "resource": "0"},
        follow=True,
    )


def confirm(client: Client, model: str, job_page: object) -> object:
    form = job_page.context["confirm_form"]
    return client.post(f"/admin/networks/{model}/process_import/", dict(form.initial), follow=True)
