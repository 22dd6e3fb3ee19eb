"""The admin's CSV and Excel exports of indicator values and evaluations write a value that a
spreadsheet would run as a formula with a single quote in front (nothing removed), as a text
cell in Excel; a negative number is written as a number; re-importing changes nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from pillars.models import ActionItem
from progress.models import Evaluation, IndicatorValue
from tests.networks.test_admin_export_formula_cells import (
    CSV,
    PREFIXES,
    ROUND_TRIPS,
    XLSX,
    as_excel_keeps_it,
    assert_no_cell_runs,
    cells,
    export,
    payload,
    reimport,
)
from tests.progress.conftest import EvaluationFactory, IndicatorFactory, IndicatorValueFactory

VALUES = "/admin/progress/indicatorvalue/"
EVALUATIONS = "/admin/progress/evaluation/"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_indicator_value_export_quotes_every_runnable_cell(
    coordinator_client: Client, item: ActionItem, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    ActionItem.objects.filter(pk=item.pk).update(title=value)
    unit = prefix + "1+1"  # the column holds 20 characters
    indicator = IndicatorFactory(action_item=item, name=value, unit=unit)
    IndicatorValueFactory(indicator=indicator, value=Decimal("-3.5"), note=value)

    rows = cells(export(coordinator_client, f"{VALUES}export/", fmt), fmt)

    assert len(rows) == 1
    for column in ("取組項目", "指標", "備考"):
        assert rows[0][column] == as_excel_keeps_it("'" + value, fmt), column
    assert rows[0]["単位"] == as_excel_keeps_it("'" + unit, fmt)
    assert rows[0]["実績値"] == "-3.50"  # a number, even written as text, is not quoted
    assert_no_cell_runs(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", [CSV, XLSX])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_evaluation_export_quotes_every_runnable_cell(
    coordinator_client: Client, item: ActionItem, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    EvaluationFactory(action_item=item, done=value, issues=value, next_direction=value)

    rows = cells(export(coordinator_client, f"{EVALUATIONS}export/", fmt), fmt)

    assert len(rows) == 1
    for column in ("取り組んだこと", "見えてきた課題", "次年度の方向性"):
        assert rows[0][column] == as_excel_keeps_it("'" + value, fmt), column
    assert rows[0]["取組項目"] == "見守りの輪を広げる"
    assert_no_cell_runs(rows)


def progress() -> list[tuple]:
    values = IndicatorValue.objects.order_by("pk").values_list("pk", "value", "note")
    evaluations = Evaluation.objects.order_by("pk").values_list(
        "pk", "done", "issues", "next_direction"
    )
    return [*values, *evaluations]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "fmt"), ROUND_TRIPS)
def test_exported_progress_imports_again_unchanged(
    coordinator_client: Client, item: ActionItem, prefix: str, fmt: str
) -> None:
    value = payload(prefix)
    indicator = IndicatorFactory(action_item=item, name=value)
    IndicatorValueFactory(indicator=indicator, value=Decimal("-3.5"), note=value)
    EvaluationFactory(action_item=item, done=value, issues=value, next_direction=value)
    before = progress()

    for url in (VALUES, EVALUATIONS):
        for _round in range(2):  # the second round reads what the first round imported
            messages = reimport(
                coordinator_client, url, export(coordinator_client, f"{url}export/", fmt), fmt
            )
            assert "追加0件、更新0件、変更なし1件" in messages, messages  # no quote added

    assert progress() == before
