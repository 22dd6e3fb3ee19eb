"""The public tables by who consulted (相談者) and by household type (世帯の類型): each case
counted once, small numbers suppressed as in the category tables, and the two tables — which
share their quarter totals — suppressed together so neither gives away the other's cells."""

import datetime as dt
import random

import pytest

from consultations.models import Case
from consultations.statistics import THRESHOLD, profile_equations, public_statistics, suppress
from tests.consultations.factories import CaseFactory
from tests.consultations.test_statistics_suppression import recoverable


def profile_values(counts: dict[str, dict[str, list[int]]], quarters: list[int]):
    """Every published number of the profile tables from {profile: {value: [per quarter]}}."""
    values = {}
    for profile, rows in counts.items():
        for value, cells in rows.items():
            for q, n in zip(quarters, cells, strict=True):
                values[("pcell", profile, value, q)] = n
            values[("prow", profile, value)] = sum(cells)
    first = next(iter(counts.values()))
    for i, q in enumerate(quarters):
        values[("pcol", q)] = sum(cells[i] for cells in first.values())
    values[("pall",)] = sum(values[("pcol", q)] for q in quarters)
    return values


def test_a_small_cell_in_one_table_cannot_be_recovered_through_the_other() -> None:
    quarters = [1, 2]
    counts = {
        "came_from": {"self": [2, 9], "family": [8, 6]},
        "household_type": {"8050": [5, 5], "other": [5, 10]},
    }
    values = profile_values(counts, quarters)
    equations = profile_equations({name: list(rows) for name, rows in counts.items()}, quarters)

    hidden = suppress(values, equations)

    assert hidden[("pcell", "came_from", "self", 1)] == "small"
    assert recoverable(values, equations, hidden) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_profile_tables_never_disclose_a_small_number(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (test data)
    quarters = [1, 2]
    counts = {
        "came_from": {v: [rng.choice([0, 1, 2, 5, 7]) for _ in quarters] for v in "abc"},
    }
    columns = [sum(cells[i] for cells in counts["came_from"].values()) for i in range(2)]
    # The household table splits the same cases differently (same quarter totals).
    split = [rng.randint(0, column) for column in columns]
    counts["household_type"] = {
        "x": split,
        "y": [column - part for column, part in zip(columns, split, strict=True)],
    }
    values = profile_values(counts, quarters)
    equations = profile_equations({name: list(rows) for name, rows in counts.items()}, quarters)

    hidden = suppress(values, equations)

    assert all(key in hidden for key, v in values.items() if 0 < v < THRESHOLD)
    assert recoverable(values, equations, hidden) == []


@pytest.mark.django_db
def test_the_public_page_counts_by_who_consulted_and_household_type(client) -> None:
    for _ in range(6):
        CaseFactory(
            came_from=Case.CameFrom.FAMILY,
            household_type=Case.HouseholdType.EIGHTY_FIFTY,
            received_on=dt.date(2025, 5, 1),
        )
    for _ in range(2):  # a small number
        CaseFactory(came_from=Case.CameFrom.COMMISSIONER, received_on=dt.date(2025, 5, 1))
    for _ in range(7):
        CaseFactory(received_on=dt.date(2025, 8, 1))

    came_from, household = public_statistics(2025)["profiles"]

    rows = {row["label"]: row for row in came_from["rows"]}
    assert rows["民生委員・児童委員"]["cells"][0].display == "5未満"
    assert rows["民生委員・児童委員"]["cells"][0].value is None
    # Q1's total is shown, so the other number of that column is hidden with it.
    assert rows["家族"]["cells"][0].display == "秘匿"
    assert rows["本人"]["cells"][1].display == "7"
    assert {row["label"] for row in household["rows"]} >= {"8050世帯（高齢の親と中高年の子）"}
    every = [
        cell
        for table in (came_from, household)
        for cell in [
            table["total"],
            *table["quarter_totals"],
            *(c for row in table["rows"] for c in [*row["cells"], row["total"]]),
        ]
    ]
    assert all(c.value is None or c.value == 0 or c.value >= THRESHOLD for c in every)

    page = client.get("/plan/consultation-statistics/?year=2025").content.decode()
    assert "相談者別" in page
    assert "世帯の類型別" in page
