"""How an action item's progress and status follow from what coordinators record.

Progress of an action item (0–100 %) is the plain mean of its *parts*, each weighted equally:

* the milestone part, present when the item has milestones:
  milestones done ÷ milestones total × 100;
* one part per indicator: (actual − baseline) ÷ (target − baseline) × 100, clamped to 0–100.
  An indicator with no actual value yet counts as 0 %. When target = baseline the part is
  100 % once the actual value reaches the target, else 0 %.

An item with neither milestones nor indicators has no parts: its progress is 0 % and the page
says that no measures are set yet. Progress is shown rounded half up to a whole percent; the
status below compares the exact value.

The *actual value* of an indicator for the current fiscal year is:

* manual indicators: the value typed for the latest fiscal year up to the current one;
* computed indicators: the live count (public activities of the theme, registered ネリーズ,
  listed members of the kind; in the indicator's district when it has one). Past fiscal
  years of a computed indicator come from the snapshots `record_indicator_snapshots` takes
  on 31 March. A computed indicator therefore always has an actual value.

Status of an action item:

1. the coordinator's override (StatusOverride, with its reason), if there is one;
2. otherwise 達成 when progress is exactly 100 %;
3. otherwise 未着手 when no milestone is done and no indicator has an actual value;
4. otherwise 実施中.

A pillar's (or driving force's) roll-up is the mean of the progress of its *published*
action items, with the number of items in each status. The override changes the status only,
never the progress.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Model, Prefetch, QuerySet

from core.fiscal_year import current_fiscal_year, fiscal_year_bounds
from nerizu.models import Nerizu
from networks.models import Activity, Member
from participation.models import Participation, SeriesAttendance
from pillars.models import ActionItem, Pillar
from progress.models import (
    Indicator,
    IndicatorSnapshot,
    IndicatorValue,
    Milestone,
    Status,
    StatusOverride,
)

HUNDRED = 100.0


def rounded_percent(value: float) -> int:
    """Half up to a whole percent (Python's round() would send 12.5 to 12)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def indicator_percent(
    *, baseline: Decimal, target: Decimal, actual: Decimal | None
) -> float | None:
    """(actual − baseline) ÷ (target − baseline) × 100, clamped to 0–100; None without actual."""
    if actual is None:
        return None
    if target == baseline:
        return HUNDRED if actual >= target else 0.0
    share = float((actual - baseline) / (target - baseline)) * HUNDRED
    return min(HUNDRED, max(0.0, share))


# --- Counting what the portal holds -----------------------------------------------------------


class LiveCounts:
    """Today's counts for computed indicators, one GROUP BY query per kind, on first use."""

    def __init__(self) -> None:
        self._cache: dict[str, dict] = {}

    def _grouped(self, key: str, queryset: QuerySet, *fields: str) -> dict:
        if key not in self._cache:
            rows = queryset.order_by().values_list(*fields).annotate(n=Count("pk", distinct=True))
            self._cache[key] = {row[:-1]: row[-1] for row in rows}
        return self._cache[key]

    def _participants(self) -> dict:
        """Attendance marked on the rosters in the current fiscal year, by the activity's
        theme and district: places on a date and dates of a whole series, in one query (a
        person who came twice counts twice: 延べ人数)."""
        if "participants" not in self._cache:
            start, end = fiscal_year_bounds(current_fiscal_year())
            dated = (
                Participation.objects.filter(attended=True, date__gte=start, date__lte=end)
                .order_by()
                .values_list("activity__theme_id", "activity__district_id")
                .annotate(n=Count("pk"))
            )
            series = (
                SeriesAttendance.objects.filter(attended=True, date__gte=start, date__lte=end)
                .order_by()
                .values_list(
                    "participation__activity__theme_id", "participation__activity__district_id"
                )
                .annotate(n=Count("pk"))
            )
            counts: dict[tuple, int] = defaultdict(int)
            for theme, district, n in dated.union(series, all=True):
                counts[(theme, district)] += n
            self._cache["participants"] = dict(counts)
        return self._cache["participants"]

    def value_of(self, indicator: Indicator) -> Decimal:
        source = Indicator.Source
        district = indicator.district_id
        if indicator.source == source.ACTIVITIES:
            counts = self._grouped(
                "activities", Activity.objects.public(), "theme_id", "district_id"
            )
            total = sum(
                n
                for (theme, place), n in counts.items()
                if indicator.theme_id in (None, theme) and district in (None, place)
            )
        elif indicator.source == source.PARTICIPANTS:
            counts = self._participants()
            total = sum(
                n
                for (theme, place), n in counts.items()
                if indicator.theme_id in (None, theme) and district in (None, place)
            )
        elif indicator.source == source.NERIZU:
            counts = self._grouped("nerizu", Nerizu.objects.all(), "district_id")
            total = sum(n for (place,), n in counts.items() if district in (None, place))
        elif indicator.source == source.MEMBERS:
            kind = indicator.member_kind or None
            if district is None:  # a member in two districts is one member
                counts = self._grouped("members", Member.objects.listed(), "kind")
                total = sum(n for (k,), n in counts.items() if kind in (None, k))
            else:
                counts = self._grouped(
                    "members_by_district", Member.objects.listed(), "kind", "districts"
                )
                total = sum(
                    n for (k, place), n in counts.items() if kind in (None, k) and place == district
                )
        else:
            raise ValueError(f"{indicator.source} is not computed")
        return Decimal(total)


# --- Readings ---------------------------------------------------------------------------------


@dataclass
class IndicatorReading:
    """An indicator's actual value for the current fiscal year and its part of the progress."""

    indicator: Indicator
    actual: Decimal | None
    actual_fiscal_year: int | None
    percent: float | None
    series: list[tuple[int, Decimal | None]] = field(default_factory=list)

    @property
    def part(self) -> float:
        return self.percent or 0.0

    @property
    def rounded(self) -> int:
        return rounded_percent(self.part)


def read_indicator(
    indicator: Indicator,
    *,
    fiscal_year: int,
    counts: LiveCounts,
    years: Iterable[int] = (),
) -> IndicatorReading:
    """The reading of one indicator whose values (and snapshots, for `years`) are prefetched
    (with_progress_data)."""
    if indicator.is_computed:
        actual: Decimal | None = counts.value_of(indicator)
        actual_year: int | None = fiscal_year
        snapshots: list[IndicatorSnapshot] = prefetched(indicator, "snapshots") if years else []
        recorded: dict[int, Decimal | None] = {s.fiscal_year: s.value for s in snapshots}
        recorded[fiscal_year] = actual
        recorded = {fy: value for fy, value in recorded.items() if fy <= fiscal_year}
    else:
        values: list[IndicatorValue] = prefetched(indicator, "values")
        recorded = {value.fiscal_year: value.value for value in values}
        past = [fy for fy in recorded if fy <= fiscal_year]
        actual_year = max(past) if past else None
        actual = recorded[actual_year] if actual_year is not None else None
    percent = indicator_percent(baseline=indicator.baseline, target=indicator.target, actual=actual)
    series = [(fy, recorded.get(fy)) for fy in years]
    return IndicatorReading(indicator, actual, actual_year, percent, series)


@dataclass
class ItemProgress:
    item: ActionItem
    milestones_done: int
    milestones_total: int
    indicators: list[IndicatorReading]
    override: StatusOverride | None

    @property
    def has_measures(self) -> bool:
        return bool(self.milestones_total or self.indicators)

    @property
    def milestone_percent(self) -> float | None:
        if not self.milestones_total:
            return None
        return self.milestones_done / self.milestones_total * HUNDRED

    @property
    def parts(self) -> list[float]:
        parts = [] if self.milestone_percent is None else [self.milestone_percent]
        return parts + [reading.part for reading in self.indicators]

    @property
    def percent(self) -> float:
        parts = self.parts
        return sum(parts) / len(parts) if parts else 0.0

    @property
    def rounded(self) -> int:
        return rounded_percent(self.percent)

    @property
    def computed_status(self) -> Status:
        if self.parts and self.percent >= HUNDRED:
            return Status.ACHIEVED
        if not self.milestones_done and all(r.actual is None for r in self.indicators):
            return Status.NOT_STARTED
        return Status.IN_PROGRESS

    @property
    def status(self) -> Status:
        return Status(self.override.status) if self.override else self.computed_status


def prefetched(obj: Model, relation: str) -> list[Any]:
    """The rows of `relation` that with_progress_data prefetched into a list on `obj`."""
    return cast("list[Any]", getattr(obj, f"prefetched_{relation}"))


def with_progress_data(
    items: QuerySet[ActionItem], *, series: bool = False
) -> QuerySet[ActionItem]:
    """The prefetches item_progress needs: a fixed number of queries for any number of items.

    As lists (`prefetched_…`), not related managers: reading them makes no queryset per item
    and per indicator (a progress page reads some 90 items and 270 indicators).
    """
    indicators = Indicator.objects.select_related("district", "theme").prefetch_related(
        Prefetch("values", to_attr="prefetched_values")
    )
    if series:
        indicators = indicators.prefetch_related(
            Prefetch("snapshots", to_attr="prefetched_snapshots")
        )
    return items.select_related("pillar", "status_override").prefetch_related(
        Prefetch("milestones", to_attr="prefetched_milestones"),
        Prefetch("indicators", queryset=indicators, to_attr="prefetched_indicators"),
    )


def item_progress(
    item: ActionItem,
    *,
    fiscal_year: int | None = None,
    counts: LiveCounts | None = None,
    years: Iterable[int] = (),
) -> ItemProgress:
    """An item's progress and status (see the module's docstring) from prefetched records."""
    fiscal_year = fiscal_year or current_fiscal_year()
    counts = counts or LiveCounts()
    milestones: list[Milestone] = prefetched(item, "milestones")
    try:
        override = item.status_override
    except StatusOverride.DoesNotExist:
        override = None
    return ItemProgress(
        item=item,
        milestones_done=sum(1 for m in milestones if m.is_done),
        milestones_total=len(milestones),
        indicators=[
            read_indicator(i, fiscal_year=fiscal_year, counts=counts, years=list(years))
            for i in prefetched(item, "indicators")
        ],
        override=override,
    )


def progress_of_items(items: Iterable[ActionItem], *, fiscal_year: int | None = None) -> list:
    counts = LiveCounts()
    fiscal_year = fiscal_year or current_fiscal_year()
    return [item_progress(item, fiscal_year=fiscal_year, counts=counts) for item in items]


# --- Roll-ups ---------------------------------------------------------------------------------


@dataclass
class RollUp:
    """Mean progress of some published action items, and how many are in each status."""

    progresses: list[ItemProgress]

    @property
    def percent(self) -> float | None:
        if not self.progresses:
            return None
        return sum(p.percent for p in self.progresses) / len(self.progresses)

    @property
    def rounded(self) -> int | None:
        percent = self.percent
        return None if percent is None else rounded_percent(percent)

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts: dict[Status, int] = defaultdict(int)
        for progress in self.progresses:
            counts[progress.status] += 1
        return [(status, counts[status]) for status in Status]


def pillar_roll_up(pillar: Pillar, *, fiscal_year: int | None = None) -> RollUp:
    """One pillar's roll-up over its published items (for tests and one-off use)."""
    items = with_progress_data(ActionItem.objects.filter(pillar=pillar).published())
    return RollUp(progress_of_items(items, fiscal_year=fiscal_year))
