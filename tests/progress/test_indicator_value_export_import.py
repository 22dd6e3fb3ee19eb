"""Coordinators export indicator values from the admin and re-import the same file: nothing
changes. A file with a bad row imports nothing and names the row in Japanese."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pillars.models import ActionItem
from progress.models import Indicator, IndicatorValue
from tests.html import visible_text
from tests.progress.conftest import IndicatorFactory, IndicatorValueFactory

CSV = "0"  # the first format offered: CSV (UTF-8 with BOM on export)
XLSX = "1"


def export(client: Client, model: str, fmt: str = CSV) -> bytes:
    """Through the admin's export page, every column ticked, as a person would."""
    url = f"/admin/progress/{model}/export/"
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if name.endswith(tuple(
        f"_{column}" for column in form.resources[0]().get_export_order()
    ))})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def import_file(
    client: Client, model: str, content: bytes, name: str = "values.csv", fmt: str = CSV
) -> object:
    upload = SimpleUploadedFile(name, content)
    preview = client.post(
        f"/admin/progress/{model}/import/",
        {"format": fmt, "import_file": upload, "resource": "0"},
        follow=True,  # to the job page (tests run the check task at once)
    )
    return preview


def confirm(client: Client, model: str, preview: object) -> object:
    form = preview.context["confirm_form"]
    return client.post(f"/admin/progress/{model}/process_import/", dict(form.initial))


@pytest.fixture
def values(item: ActionItem) -> list[IndicatorValue]:
    salons = IndicatorFactory(action_item=item, name="サロンの数", unit="か所")
    talks = IndicatorFactory(action_item=item, name="出前講座の回数", unit="回")
    value = IndicatorValueFactory
    return [
        value(indicator=salons, fiscal_year=2025, value=Decimal("12")),
        value(indicator=salons, fiscal_year=2026, value=Decimal("14.5"), note="7月に2か所開設"),
        value(indicator=talks, fiscal_year=2025, value=Decimal("3"), note="春と秋"),
    ]


def snapshot() -> list[tuple]:
    return list(
        IndicatorValue.objects.order_by("pk").values_list(
            "pk", "indicator_id", "fiscal_year", "value", "note"
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_export_then_reimport_changes_nothing(
    coordinator_client: Client, values: list[IndicatorValue], fmt: str
) -> None:
    before = snapshot()

    exported = export(coordinator_client, "indicatorvalue", fmt)

    if fmt == CSV:
        text = exported.decode("utf-8-sig")
        assert text.splitlines()[0] == "指標ID,取組項目,指標,単位,年度,実績値,備考"
        assert "サロンの数" in text
        assert "見守りの輪を広げる" in text
    name = "values.csv" if fmt == CSV else "values.xlsx"
    preview = import_file(coordinator_client, "indicatorvalue", exported, name, fmt)
    assert preview.context["confirm_form"] is not None
    done = confirm(coordinator_client, "indicatorvalue", preview)

    assert done.status_code == 302
    messages = visible_text(coordinator_client.get(done["Location"]))
    assert "取り込みました：追加0件、更新0件" in messages
    assert "変更なし3件" in messages
    assert snapshot() == before


@pytest.mark.django_db
def test_a_formula_in_a_note_is_not_exported_as_a_formula(
    coordinator_client: Client, values: list[IndicatorValue]
) -> None:
    IndicatorValue.objects.filter(pk=values[2].pk).update(note='=HYPERLINK("http://x")')

    text = export(coordinator_client, "indicatorvalue").decode("utf-8-sig")

    notes = [row["備考"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://x")' in notes  # a quote in front, nothing removed


@pytest.mark.django_db
def test_an_edited_export_updates_and_adds_by_indicator_and_year(
    coordinator_client: Client, values: list[IndicatorValue]
) -> None:
    salons = values[0].indicator
    content = (
        "指標ID,取組項目,指標,単位,年度,実績値,備考\n"
        f"{salons.pk},,,,2025,13,数え直し\n"
        f"{salons.pk},,,,2027,16,\n"
    ).encode()

    confirm(
        coordinator_client,
        "indicatorvalue",
        import_file(coordinator_client, "indicatorvalue", content),
    )

    assert IndicatorValue.objects.get(indicator=salons, fiscal_year=2025).value == 13
    assert IndicatorValue.objects.get(indicator=salons, fiscal_year=2027).value == 16
    assert IndicatorValue.objects.count() == 4


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_is_named_in_japanese(
    coordinator_client: Client, values: list[IndicatorValue], item: ActionItem
) -> None:
    salons = values[0].indicator
    counted = IndicatorFactory(action_item=item, source=Indicator.Source.NERIZU)
    content = (
        "指標ID,取組項目,指標,単位,年度,実績値,備考\n"
        f"{salons.pk},,,,2025,99,\n"
        f"{salons.pk},,,,2026,たくさん,\n"
        f"99999,,,,2026,1,\n"
        f"{counted.pk},,,,2026,1,\n"
    ).encode()
    before = snapshot()

    preview = import_file(coordinator_client, "indicatorvalue", content)

    assert preview.context.get("confirm_form") is None
    text = visible_text(preview)
    assert "取り込めない行があります" in text
    assert "2件目（ファイルの3行目）" in text
    assert "実績値：数値で入力してください" in text
    assert "3件目（ファイルの4行目）" in text
    assert "指標ID：ID「99999」の指標は登録されていません。" in text
    assert "4件目（ファイルの5行目）" in text
    assert "自動で数えるため、実績値は入力できません" in text
    assert "1件目" not in text
    assert snapshot() == before
