"""A fiscal year (年度) runs from April to March: 1 April starts it, 31 March ends it."""

import datetime as dt

import pytest
from django.utils import translation

from core.fiscal_year import (
    current_fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2025, 4, 1), 2025),
        (dt.date(2025, 12, 31), 2025),
        (dt.date(2026, 1, 1), 2025),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2024, 2, 29), 2023),
    ],
)
def test_a_date_belongs_to_the_fiscal_year_that_began_the_april_before(
    day: dt.date, fiscal_year: int
) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_a_fiscal_year_runs_from_1_april_to_31_march() -> None:
    assert fiscal_year_bounds(2025) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert fiscal_year_bounds(2027) == (dt.date(2027, 4, 1), dt.date(2028, 3, 31))


def test_every_day_of_a_fiscal_year_maps_back_to_it() -> None:
    first, last = fiscal_year_bounds(2027)
    day = first
    while day <= last:
        assert fiscal_year_of(day) == 2027
        day += dt.timedelta(days=1)
    assert fiscal_year_of(first - dt.timedelta(days=1)) == 2026
    assert fiscal_year_of(last + dt.timedelta(days=1)) == 2028


def test_the_current_fiscal_year_follows_today() -> None:
    assert current_fiscal_year(today=dt.date(2027, 3, 31)) == 2026
    assert current_fiscal_year(today=dt.date(2027, 4, 1)) == 2027


def test_the_label_names_the_reiwa_year_too() -> None:
    with translation.override("ja"):
        assert fiscal_year_label(2025) == "2025年度（令和7年度）"
        assert fiscal_year_label(2028) == "2028年度（令和10年度）"
    with translation.override("en"):
        assert fiscal_year_label(2025) == "FY2025 (Reiwa 7)"
