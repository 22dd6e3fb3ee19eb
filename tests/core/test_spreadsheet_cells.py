"""One rule for every spreadsheet cell the portal writes: a text a spreadsheet would run as a
formula gets a single quote in front, nothing is ever removed, and reading a cell back removes
exactly the quote that writing added."""

import datetime as dt
from decimal import Decimal

import pytest
import tablib
from django.utils.translation import gettext_lazy

from core.spreadsheets import read_cell, read_dataset, safe_cell, safe_dataset

DANGEROUS = [
    '=HYPERLINK("http://evil.example/","x")',
    "==SUM(1)",
    "+81 3-1234-5678",
    "-1+1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\nx",
    "＝１＋１",
    "＋81",
    "－1+1",
    "＠SUM(A1)",
    "=",
    "--",
]
LEFT_ALONE = ["練馬", "", "03-1234-5678", "a=b", " =1", "'03", "'", "-", "－", "-12", "+3.5", "-.5"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_text_a_spreadsheet_would_run_gets_one_quote_in_front(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_nothing_is_stripped_from_a_doubled_equals_sign() -> None:
    assert safe_cell("==SUM(1)") == "'==SUM(1)"


@pytest.mark.parametrize("value", LEFT_ALONE)
def test_ordinary_text_numbers_as_text_and_a_lone_dash_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-12, Decimal("-3.5"), -0.25, 0, True, None, dt.date(2025, 4, 1)])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) is value


def test_a_quote_already_in_front_of_a_formula_gets_another() -> None:
    assert safe_cell("'=x") == "''=x"
    assert safe_cell("''-1+1") == "'''-1+1"


def test_a_lazy_translation_is_treated_as_text() -> None:
    assert safe_cell(gettext_lazy("=translated")) == "'=translated"


@pytest.mark.parametrize("value", DANGEROUS + LEFT_ALONE + ["'=x", "''=x", "'-12", -5, None])
def test_reading_a_written_cell_gives_back_the_original(value: object) -> None:
    assert read_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["'03", "'練馬", "'-12", "'", "=x"])
def test_reading_keeps_a_quote_that_writing_would_not_have_added(value: str) -> None:
    assert read_cell(value) == value


def test_a_dataset_is_made_safe_and_read_back_cell_by_cell() -> None:
    dataset = tablib.Dataset(
        ["=1+1", -3, "練馬"], ["@x", 2, "\tx"], headers=["=名称", "数", "紹介"]
    )

    safe_dataset(dataset)

    assert dataset.headers == ["'=名称", "数", "紹介"]
    assert dataset[0] == ("'=1+1", -3, "練馬")
    assert dataset[1] == ("'@x", 2, "'\tx")
    read_dataset(dataset)
    assert dataset.headers == ["=名称", "数", "紹介"]
    assert dataset[0] == ("=1+1", -3, "練馬")
    assert dataset[1] == ("@x", 2, "\tx")
