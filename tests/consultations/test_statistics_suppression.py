"""Small-cell suppression of the public statistics holds for cells, subtotals and totals:
no number from 1 to 4 is shown, and none can be recovered from the numbers that are shown.

The attacker here is exact (a search over every integer assignment the published numbers
allow, knowing 「5未満」 means 1–4 and 「秘匿」 means 0 or ≥ 5), written independently of the
bound propagation the module itself uses.
"""

import datetime as dt
import random

import pytest

from consultations.models import Case, Category
from consultations.statistics import (
    THRESHOLD,
    Cell,
    cube_equations,
    cube_values,
    public_statistics,
    suppress,
)
from networks.models import District
from tests.consultations.factories import CaseFactory


def published(values, hidden):
    return {k: v for k, v in values.items() if k not in hidden}


def _solutions_exist(values, equations, hidden, fixed, limit):
    """Is there an integer assignment of the hidden keys, consistent with `fixed`, the
    labels and every equation? Depth-first with interval pruning."""
    keys = sorted(hidden, key=repr)

    def domain(key):
        if key in fixed:
            return fixed[key], fixed[key]
        return (1, THRESHOLD - 1) if hidden[key] == "small" else (0, limit)

    def allowed(key, v):
        if key in fixed:
            return v == fixed[key]
        if hidden[key] == "small":
            return 1 <= v <= THRESHOLD - 1
        return v == 0 or THRESHOLD <= v <= limit

    def tighten(lo_hi):
        """Interval propagation to a fixpoint; False when some interval becomes empty."""
        changed = True
        while changed:
            changed = False
            for total, members in equations:
                group = [total, *members]
                rngs = [lo_hi[k] if k in hidden else (values[k], values[k]) for k in group]
                t_lo, t_hi = rngs[0]
                s_lo = sum(r[0] for r in rngs[1:])
                s_hi = sum(r[1] for r in rngs[1:])
                if s_lo > t_hi or s_hi < t_lo:
                    return False
                for index, key in enumerate(group):
                    if key not in hidden:
                        continue
                    lo, hi = lo_hi[key]
                    if index == 0:
                        new = (max(lo, s_lo), min(hi, s_hi))
                    else:
                        new = (max(lo, t_lo - (s_hi - hi)), min(hi, t_hi - (s_lo - lo)))
                    while new[0] <= new[1] and not allowed(key, new[0]):
                        new = (new[0] + 1, new[1])
                    while new[0] <= new[1] and not allowed(key, new[1]):
                        new = (new[0], new[1] - 1)
                    if new[0] > new[1]:
                        return False
                    if new != (lo, hi):
                        lo_hi[key] = new
                        changed = True
                        break
                if changed:
                    break
        return True

    def search(assigned):
        lo_hi = {
            key: (assigned[key], assigned[key]) if key in assigned else domain(key) for key in keys
        }
        if not tighten(lo_hi):
            return False
        free = [k for k in keys if lo_hi[k][0] != lo_hi[k][1]]
        if not free:
            return all(
                sum(lo_hi[m][0] if m in hidden else values[m] for m in members)
                == (lo_hi[total][0] if total in hidden else values[total])
                for total, members in equations
            )
        key = min(free, key=lambda k: lo_hi[k][1] - lo_hi[k][0])
        lo, hi = lo_hi[key]
        return any(
            allowed(key, v)
            and search({**assigned, **{k: b[0] for k, b in lo_hi.items() if b[0] == b[1]}, key: v})
            for v in range(lo, hi + 1)
        )

    return search({})


def recoverable(values, equations, hidden):
    """The hidden small numbers whose value the published numbers pin down exactly."""
    limit = 3 * max(values.values()) + 10
    pinned = []
    for key in hidden:
        if not 0 < values[key] < THRESHOLD:
            continue
        alternatives = [
            v
            for v in range(1, THRESHOLD)
            if v != values[key] and _solutions_exist(values, equations, hidden, {key: v}, limit)
        ]
        if not alternatives:
            pinned.append(key)
    return pinned


def cube(counts, districts=("n", "h"), categories=("a", "b"), quarters=(1, 2)):
    d, c, q = list(districts), list(categories), list(quarters)
    values = cube_values(counts, d, c, q)
    equations = cube_equations(d, c, q)
    return values, equations, suppress(values, equations)


def test_nothing_is_hidden_when_every_count_is_zero_or_at_least_five() -> None:
    counts = {("n", "a", 1): 5, ("n", "b", 2): 12, ("h", "a", 2): 7}

    _values, _equations, hidden = cube(counts)

    assert hidden == {}


def test_a_single_small_cell_is_hidden_with_a_complement_in_its_row_and_column() -> None:
    counts = {
        ("n", "a", 1): 2,
        ("n", "a", 2): 9,
        ("n", "b", 1): 8,
        ("n", "b", 2): 11,
        ("h", "a", 1): 6,
        ("h", "a", 2): 7,
        ("h", "b", 1): 10,
        ("h", "b", 2): 13,
    }

    values, equations, hidden = cube(counts)

    assert hidden[("cell", "n", "a", 1)] == "small"
    row = [("cell", "n", "a", 2)]
    column = [("cell", "n", "b", 1)]
    assert any(key in hidden for key in row)
    assert any(key in hidden for key in column)
    assert recoverable(values, equations, hidden) == []


def test_subtotals_and_totals_from_one_to_four_are_hidden_too() -> None:
    counts = {("n", "a", 1): 1, ("n", "a", 2): 1, ("h", "b", 1): 20, ("h", "b", 2): 30}

    values, equations, hidden = cube(counts)

    assert hidden[("row", "n", "a")] == "small"  # 2
    assert hidden[("all", "n")] == "small"  # 2
    assert hidden[("row", "ward", "a")] == "small"
    assert recoverable(values, equations, hidden) == []


def test_two_ones_that_sum_to_two_in_a_shown_total_are_not_left_pinned() -> None:
    # A reader seeing 「5未満」+「5未満」 = 2 would know both are 1.
    counts = {("n", "a", 1): 1, ("n", "a", 2): 1, ("n", "b", 1): 40, ("n", "b", 2): 50}

    values, equations, hidden = cube(counts, districts=("n",))

    assert recoverable(values, equations, hidden) == []


@pytest.mark.parametrize("seed", range(60))
def test_random_small_tables_never_disclose_a_small_number(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (test data)
    districts, categories, quarters = (
        ("n", "h", "s")[: rng.randint(1, 3)],
        ("a", "b", "c")[: rng.randint(1, 3)],
        (1, 2, 3)[: rng.randint(1, 3)],
    )
    counts = {
        (d, c, q): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15])
        for d in districts
        for c in categories
        for q in quarters
    }

    values, equations, hidden = cube(counts, districts, categories, quarters)

    for key, value in values.items():
        if 0 < value < THRESHOLD:
            assert hidden.get(key) == "small", key
    assert recoverable(values, equations, hidden) == []


def test_the_exact_attacker_finds_what_primary_suppression_alone_leaves_open() -> None:
    """The attacker is not toothless: without complements it recovers the hidden cell."""
    counts = {("n", "a", 1): 2, ("n", "a", 2): 9, ("n", "b", 1): 8, ("n", "b", 2): 11}
    d, c, q = ["n"], ["a", "b"], [1, 2]
    values = cube_values(counts, d, c, q)
    equations = cube_equations(d, c, q)
    only_primary = {k: "small" for k, v in values.items() if 0 < v < THRESHOLD}

    assert ("cell", "n", "a", 1) in recoverable(values, equations, only_primary)


@pytest.mark.django_db
def test_the_public_tables_show_no_small_number_and_keep_no_hidden_value(staff_a) -> None:
    hardship, isolation = (
        Category.objects.get(slug="hardship"),
        Category.objects.get(slug="isolation"),
    )
    nerima, oizumi = District.objects.get(slug="nerima"), District.objects.get(slug="oizumi")
    for _ in range(3):  # 3 in Q1 in 練馬: a small number
        CaseFactory(district=nerima, categories=[hardship], received_on=dt.date(2025, 5, 1))
    for _ in range(6):
        CaseFactory(district=nerima, categories=[hardship], received_on=dt.date(2025, 8, 1))
    for _ in range(7):
        CaseFactory(district=oizumi, categories=[isolation], received_on=dt.date(2026, 2, 1))
    CaseFactory(district=oizumi, categories=[isolation], received_on=dt.date(2026, 4, 1))  # FY2026

    result = public_statistics(2025, categories=[hardship, isolation])

    ward, *per_district = result["tables"]
    assert ward["district"] is None
    assert [t["name"] for t in per_district] == [d.name for d in District.objects.all()]
    nerima_table = next(t for t in per_district if t["district"] == nerima)
    q1 = nerima_table["rows"][0]["cells"][0]
    assert (q1.value, q1.display) == (None, "5未満")
    oizumi_table = next(t for t in per_district if t["district"] == oizumi)
    assert oizumi_table["rows"][1]["cells"][3] == Cell(7)
    assert oizumi_table["total"] == Cell(7)
    every_cell = [
        cell
        for table in result["tables"]
        for cell in [
            table["total"],
            *table["quarter_totals"],
            *(c for row in table["rows"] for c in [*row["cells"], row["total"]]),
        ]
    ]
    assert all(cell.value is None or cell.value == 0 or cell.value >= 5 for cell in every_cell)
    assert all(cell.value is None for cell in every_cell if cell.suppressed)


@pytest.mark.django_db
def test_sample_cases_are_not_counted_unless_asked() -> None:
    hardship = Category.objects.get(slug="hardship")
    for _ in range(6):
        CaseFactory(categories=[hardship], received_on=dt.date(2025, 5, 1), is_sample=True)

    assert public_statistics(2025, categories=[hardship])["tables"][0]["total"] == Cell(0)
    everything = public_statistics(2025, cases=Case.objects.all(), categories=[hardship])
    assert everything["tables"][0]["total"] == Cell(6)
