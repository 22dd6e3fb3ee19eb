"""Counts of consultations: supervisors' reports and the public, anonymised statistics.

(a) `supervisor_report(cases, start=, end=)` counts over a queryset the caller has already
    narrowed with `Case.objects.visible_to(user)`: a supervisor's figures never include a
    case they may not see. One GROUP BY per figure.

(b) `public_statistics(fiscal_year)` counts every case (it is aggregate, anonymised data for
    residents) per category, fiscal quarter and district, and protects small numbers:

    - Primary suppression: any count from 1 to 4 — a cell, a subtotal or a total — is shown as
      「5未満」 (its value is not in the result at all).
    - Complementary suppression: a suppressed number must not be recoverable by subtraction
      from the numbers shown. Every published table is a set of equations (a row total is
      the sum of its cells, a column total likewise, the grand total the sum of either, and
      the ward table the sum of the district tables). When an equation whose total is shown
      has exactly one hidden member, the next-smallest non-zero member is hidden too (shown
      as 「秘匿」), or, when there is none, the total itself. Then an attacker's bound
      propagation (what subtraction can deduce, knowing that 「5未満」 means 1 to 4 and
      「秘匿」 means 0 or at least 5) is run over all equations; any hidden small number it can
      pin down gets another complement, until none can be.

    Zeros are shown: a zero discloses nothing about a person.

    Two more ward-wide tables count each case once by who consulted (相談者) and by household
    type (世帯の類型) per quarter (`profile_tables`); they share their quarter totals, so
    their equations are suppressed together.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from consultations.models import Case, Category, Referral
from networks.models import District

SMALL_LABEL = _("5未満")
COMPLEMENT_LABEL = _("秘匿")
THRESHOLD = 5  # counts 1..THRESHOLD-1 are suppressed

QUARTERS = [
    (1, _("第1四半期（4〜6月）")),
    (2, _("第2四半期（7〜9月）")),
    (3, _("第3四半期（10〜12月）")),
    (4, _("第4四半期（1〜3月）")),
]


# --- (a) Supervisors' report ---------------------------------------------------------------


def supervisor_report(
    cases: QuerySet[Case], *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Figures over `cases` (already visible_to the supervisor) received in [start, end]."""
    received = cases
    if start:
        received = received.filter(received_on__gte=start)
    if end:
        received = received.filter(received_on__lte=end)
    closed = cases.filter(status__in=Case.CLOSED_STATUSES)
    if start:
        closed = closed.filter(closed_on__gte=start)
    if end:
        closed = closed.filter(closed_on__lte=end)
    referrals = Referral.objects.filter(case__in=cases)
    if start:
        referrals = referrals.filter(referred_on__gte=start)
    if end:
        referrals = referrals.filter(referred_on__lte=end)

    def counted(queryset: QuerySet, field: str) -> list[dict[str, Any]]:
        return list(
            queryset.order_by()
            .values(field)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", field)
        )

    channel_labels = dict(Case.Channel.choices)
    outcome_labels = dict(Case.Outcome.choices)
    return {
        "new_cases": received.count(),
        "closed_cases": closed.count(),
        "by_month": [
            {"month": row["month"], "count": row["count"]}
            for row in received.order_by()
            .annotate(month=TruncMonth("received_on"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("month")
        ],
        "by_category": [
            {"label": row["categories__name"], "count": row["count"]}
            for row in counted(received.filter(categories__isnull=False), "categories__name")
        ],
        "by_district": [
            {"label": row["district__name"] or _("不明"), "count": row["count"]}
            for row in counted(received, "district__name")
        ],
        "by_channel": [
            {"label": channel_labels.get(row["channel"], row["channel"]), "count": row["count"]}
            for row in counted(received, "channel")
        ],
        "closures_by_outcome": [
            {"label": outcome_labels.get(row["outcome"], row["outcome"]), "count": row["count"]}
            for row in counted(closed, "outcome")
        ],
        "referrals_by_destination": [
            {"label": row["destination__name"], "count": row["count"]}
            for row in counted(referrals, "destination__name")
        ],
    }


# --- (b) Public statistics with small-cell suppression -------------------------------------


@dataclasses.dataclass(frozen=True)
class Cell:
    """A number as published: `value` is None when it is suppressed (the real number is not
    kept in the result, so no template can leak it)."""

    value: int | None
    suppressed: bool = False
    reason: str = ""  # "small" (1–4) or "complement"

    @property
    def display(self) -> str:
        if not self.suppressed:
            return f"{self.value:,}"
        return str(SMALL_LABEL if self.reason == "small" else COMPLEMENT_LABEL)

    def __str__(self) -> str:
        return self.display


Key = tuple[Any, ...]
Equation = tuple[Key, tuple[Key, ...]]  # total, members


def suppress(values: dict[Key, int], equations: list[Equation]) -> dict[Key, str]:
    """Which keys to hide and why ("small" or "complement"). Pure; see the module docstring."""
    hidden: dict[Key, str] = {key: "small" for key, v in values.items() if 0 < v < THRESHOLD}
    for _round in range(10_000):
        changed = _complement_single_hidden(values, equations, hidden)
        if not changed:
            exposed = _exposed_by_subtraction(values, equations, hidden)
            if not exposed:
                return hidden
            _protect(exposed, values, equations, hidden)
    raise RuntimeError("suppression did not settle")  # pragma: no cover


def _complement_single_hidden(
    values: dict[Key, int], equations: list[Equation], hidden: dict[Key, str]
) -> bool:
    changed = False
    for total, members in equations:
        if total in hidden:
            continue
        if sum(member in hidden for member in members) == 1:
            _hide_next_smallest(total, members, values, hidden)
            changed = True
    return changed


def _hide_next_smallest(
    total: Key, members: Iterable[Key], values: dict[Key, int], hidden: dict[Key, str]
) -> None:
    candidates = [m for m in members if m not in hidden and values[m] > 0]
    if candidates:
        choice = min(candidates, key=lambda m: (values[m], repr(m)))
        hidden[choice] = "complement"
    elif total not in hidden:
        hidden[total] = "small" if 0 < values[total] < THRESHOLD else "complement"


_UNBOUNDED = 10**12


def _domain(key: Key, values: dict[Key, int], hidden: dict[Key, str]) -> tuple[int, int]:
    if key not in hidden:
        return values[key], values[key]
    if hidden[key] == "small":
        return 1, THRESHOLD - 1
    return 0, _UNBOUNDED


def _narrow(lo: int, hi: int, reason: str) -> tuple[int, int]:
    if reason == "complement":  # 「秘匿」: 0 or ≥ THRESHOLD (1–4 would read 「5未満」)
        if 0 < lo < THRESHOLD:
            lo = THRESHOLD
        if 0 < hi < THRESHOLD:
            hi = 0
    return lo, hi


def bounds_by_subtraction(
    values: dict[Key, int], equations: list[Equation], hidden: dict[Key, str]
) -> dict[Key, tuple[int, int]]:
    """What a reader can deduce about each hidden number from the published ones: interval
    propagation over all equations until nothing narrows (sound, as an attacker would)."""
    bounds = {key: _domain(key, values, hidden) for key in hidden}

    def get(key: Key) -> tuple[int, int]:
        return bounds.get(key) or (values[key], values[key])

    for _sweep in range(1000):
        narrowed = False
        for total, members in equations:
            t_lo, t_hi = get(total)
            m_bounds = [get(m) for m in members]
            lo_sum = sum(b[0] for b in m_bounds)
            hi_sum = sum(b[1] for b in m_bounds)
            updates: list[tuple[Key, int, int]] = []
            if total in hidden:
                updates.append((total, max(t_lo, lo_sum), min(t_hi, hi_sum)))
            for member, (m_lo, m_hi) in zip(members, m_bounds, strict=True):
                if member in hidden:
                    new_lo = max(m_lo, t_lo - (hi_sum - m_hi))
                    new_hi = min(m_hi, t_hi - (lo_sum - m_lo))
                    updates.append((member, new_lo, new_hi))
            for key, lo, hi in updates:
                lo, hi = _narrow(lo, hi, hidden[key])
                if (lo, hi) != bounds[key]:
                    bounds[key] = (lo, hi)
                    narrowed = True
        if not narrowed:
            break
    return bounds


def _exposed_by_subtraction(
    values: dict[Key, int], equations: list[Equation], hidden: dict[Key, str]
) -> list[Key]:
    bounds = bounds_by_subtraction(values, equations, hidden)
    return sorted(
        (key for key, (lo, hi) in bounds.items() if lo >= hi and 0 < values[key] < THRESHOLD),
        key=repr,
    )


def _protect(
    exposed: list[Key],
    values: dict[Key, int],
    equations: list[Equation],
    hidden: dict[Key, str],
) -> None:
    """Hide one more number next to each exposed one, in its smallest published equation."""
    for key in exposed:
        containing = [
            (total, members)
            for total, members in equations
            if total not in hidden and (key in members or key == total)
        ]
        if not containing:
            # Only reachable through totals that are hidden themselves: widen the nearest one.
            containing = [(t, m) for t, m in equations if key in m or key == t]
        total, members = min(containing, key=lambda eq: (len(eq[1]), repr(eq[0])))
        before = len(hidden)
        candidates = [m for m in members if m not in hidden and values[m] > 0]
        if candidates:
            hidden[min(candidates, key=lambda m: (values[m], repr(m)))] = "complement"
        if len(hidden) == before and total not in hidden:
            hidden[total] = "complement"
        if len(hidden) == before:
            # Nothing left to hide next to it in that equation: hide every member.
            for member in members:
                hidden.setdefault(member, "complement")
        if len(hidden) == before:
            # Still nothing: the numbers around it are hidden already but pinned through other
            # equations (tables sharing a total). Hide the smallest number of those.
            around = {k for t, m in containing for k in (t, *m)}
            further = [
                k
                for t, m in equations
                if t in around or around.intersection(m)
                for k in (t, *m)
                if k not in hidden and values[k] > 0
            ]
            if further:
                hidden[min(further, key=lambda k: (values[k], repr(k)))] = "complement"


def cube_equations(
    district_keys: list[Any], category_keys: list[Any], quarter_keys: list[Any]
) -> list[Equation]:
    """The equations linking every published number of the tables.

    Keys: ("cell", d, c, q), ("row", d, c), ("col", d, q), ("all", d), with d = "ward" for
    the ward-wide table (the sum of the district tables).
    """
    equations: list[Equation] = []
    tables = ["ward", *district_keys]
    for d in tables:
        for c in category_keys:
            equations.append((("row", d, c), tuple(("cell", d, c, q) for q in quarter_keys)))
        for q in quarter_keys:
            equations.append((("col", d, q), tuple(("cell", d, c, q) for c in category_keys)))
        equations.append((("all", d), tuple(("row", d, c) for c in category_keys)))
        equations.append((("all", d), tuple(("col", d, q) for q in quarter_keys)))
    for c in category_keys:
        for q in quarter_keys:
            equations.append(
                (("cell", "ward", c, q), tuple(("cell", d, c, q) for d in district_keys))
            )
        equations.append((("row", "ward", c), tuple(("row", d, c) for d in district_keys)))
    for q in quarter_keys:
        equations.append((("col", "ward", q), tuple(("col", d, q) for d in district_keys)))
    equations.append((("all", "ward"), tuple(("all", d) for d in district_keys)))
    return equations


def cube_values(
    counts: dict[tuple[Any, Any, Any], int],
    district_keys: list[Any],
    category_keys: list[Any],
    quarter_keys: list[Any],
) -> dict[Key, int]:
    """Every published number computed from the real counts {(district, category, quarter)}."""
    values: dict[Key, int] = {}
    for d in district_keys:
        for c in category_keys:
            for q in quarter_keys:
                values[("cell", d, c, q)] = counts.get((d, c, q), 0)
    for c in category_keys:
        for q in quarter_keys:
            values[("cell", "ward", c, q)] = sum(values[("cell", d, c, q)] for d in district_keys)
    for d in ["ward", *district_keys]:
        for c in category_keys:
            values[("row", d, c)] = sum(values[("cell", d, c, q)] for q in quarter_keys)
        for q in quarter_keys:
            values[("col", d, q)] = sum(values[("cell", d, c, q)] for c in category_keys)
        values[("all", d)] = sum(values[("row", d, c)] for c in category_keys)
    return values


def fiscal_quarter(day: dt.date) -> int:
    return ((day.month - 4) % 12) // 3 + 1


def public_statistics(
    fiscal_year: int,
    *,
    cases: QuerySet[Case] | None = None,
    categories: list[Category] | None = None,
) -> dict[str, Any]:
    """The public tables for one fiscal year (April to March), small numbers suppressed.

    Returns {"fiscal_year", "quarters": [(n, label)], "tables": [table…]} where the first
    table is the ward as a whole (district None) and each table is
    {"district": District | None, "name", "rows": [{"category", "cells": [Cell ×4],
    "total": Cell}], "quarter_totals": [Cell ×4], "total": Cell}. Counts are case–category
    pairs (a case with two categories counts in both), so totals read 「延べ件数」.
    """
    if cases is None:
        cases = Case.objects.filter(is_sample=False)
    categories = categories if categories is not None else list(Category.objects.all())
    districts = list(District.objects.all())
    start, end = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    rows = (
        cases.filter(received_on__range=(start, end), categories__in=categories)
        .order_by()
        .values_list("district_id", "categories__id", "received_on")
    )
    counts: dict[tuple[Any, Any, Any], int] = defaultdict(int)
    unknown_district = False
    for district_id, category_id, received_on in rows:
        if district_id is None:
            unknown_district = True
        counts[(district_id, category_id, fiscal_quarter(received_on))] += 1

    district_keys: list[Any] = [d.pk for d in districts] + ([None] if unknown_district else [])
    category_keys = [c.pk for c in categories]
    quarter_keys = [q for q, _label in QUARTERS]
    values = cube_values(counts, district_keys, category_keys, quarter_keys)
    hidden = suppress(values, cube_equations(district_keys, category_keys, quarter_keys))

    def cell(key: Key) -> Cell:
        if key in hidden:
            return Cell(None, suppressed=True, reason=hidden[key])
        return Cell(values[key])

    names = {d.pk: d.name for d in districts}
    tables = []
    for d in ["ward", *district_keys]:
        tables.append(
            {
                "district": next((x for x in districts if x.pk == d), None),
                "name": _("練馬区全体") if d == "ward" else names.get(d, _("地区不明")),
                "rows": [
                    {
                        "category": category,
                        "cells": [cell(("cell", d, category.pk, q)) for q in quarter_keys],
                        "total": cell(("row", d, category.pk)),
                    }
                    for category in categories
                ],
                "quarter_totals": [cell(("col", d, q)) for q in quarter_keys],
                "total": cell(("all", d)),
            }
        )
    return {
        "fiscal_year": fiscal_year,
        "quarters": QUARTERS,
        "tables": tables,
        "profiles": profile_tables(cases, start=start, end=end),
    }


# Ward-wide tables counting each case once, by a choice of the case and fiscal quarter.
PROFILES: list[tuple[str, Any, Any]] = [
    ("came_from", _("相談者別"), Case.CameFrom),
    ("household_type", _("世帯の類型別"), Case.HouseholdType),
]


def profile_equations(profiles: dict[str, list[Any]], quarter_keys: list[Any]) -> list[Equation]:
    """The equations of the profile tables. Each counts every case once, so they share their
    quarter totals ("pcol", q) and grand total ("pall",): a number hidden in one table must
    not be recoverable from another's rows.

    Keys: ("pcell", profile, value, q), ("prow", profile, value), ("pcol", q), ("pall",).
    """
    equations: list[Equation] = []
    for profile, values in profiles.items():
        for value in values:
            equations.append(
                (
                    ("prow", profile, value),
                    tuple(("pcell", profile, value, q) for q in quarter_keys),
                )
            )
        for q in quarter_keys:
            equations.append((("pcol", q), tuple(("pcell", profile, value, q) for value in values)))
        equations.append((("pall",), tuple(("prow", profile, value) for value in values)))
    equations.append((("pall",), tuple(("pcol", q) for q in quarter_keys)))
    return equations


def profile_tables(cases: QuerySet[Case], *, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Consultations by who consulted and by household type (each case once), per fiscal
    quarter, with the same suppression as the category tables. Rows are every choice (a
    zero is shown), so the set of rows itself says nothing."""
    received = cases.filter(received_on__range=(start, end)).order_by()
    quarter_keys = [q for q, _label in QUARTERS]
    values: dict[Key, int] = defaultdict(int)
    profiles = {
        name: [value for value, _label in choices.choices] for name, _t, choices in PROFILES
    }
    names = list(profiles)
    for *chosen, received_on in received.values_list(*names, "received_on"):
        for name, value in zip(names, chosen, strict=True):
            values[("pcell", name, value, fiscal_quarter(received_on))] += 1
    for name, choices in profiles.items():
        for value in choices:
            for q in quarter_keys:
                values[("pcell", name, value, q)] += 0
            values[("prow", name, value)] = sum(
                values[("pcell", name, value, q)] for q in quarter_keys
            )
    first = next(iter(profiles))
    for q in quarter_keys:
        values[("pcol", q)] = sum(values[("pcell", first, v, q)] for v in profiles[first])
    values[("pall",)] = sum(values[("pcol", q)] for q in quarter_keys)
    hidden = suppress(dict(values), profile_equations(profiles, quarter_keys))

    def cell(key: Key) -> Cell:
        if key in hidden:
            return Cell(None, suppressed=True, reason=hidden[key])
        return Cell(values[key])

    return [
        {
            "key": name,
            "name": title,
            "rows": [
                {
                    "label": label,
                    "cells": [cell(("pcell", name, value, q)) for q in quarter_keys],
                    "total": cell(("prow", name, value)),
                }
                for value, label in choices.choices
            ],
            "quarter_totals": [cell(("pcol", q)) for q in quarter_keys],
            "total": cell(("pall",)),
        }
        for name, title, choices in PROFILES
    ]
