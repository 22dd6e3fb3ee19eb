"""Workflows of the progress app: the yearly snapshot of computed indicators."""

from django.db import transaction
from django.utils import timezone

from core.fiscal_year import current_fiscal_year
from progress.computation import LiveCounts
from progress.models import (
    Indicator,
    IndicatorSnapshot,
)


@transaction.atomic
def indicator_snapshots_record(*, fiscal_year: int | None = None) -> int:
    """Store every computed indicator's count now as its value for `fiscal_year` (default: the
    current one); run on 31 March, the last day of the fiscal year. Running it again the same
    year replaces that year's snapshot. Returns how many indicators were recorded."""
    fiscal_year = fiscal_year or current_fiscal_year()
    counts = LiveCounts()
    indicators = Indicator.objects.exclude(source=Indicator.Source.MANUAL)
    now = timezone.now()
    for indicator in indicators:
        IndicatorSnapshot.objects.update_or_create(
            indicator=indicator,
            fiscal_year=fiscal_year,
            defaults={"value": counts.value_of(indicator), "recorded_at": now},
        )
    return len(indicators)
