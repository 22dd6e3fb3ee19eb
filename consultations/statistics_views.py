"""The public, anonymised consultation statistics (pillar 1 認め合う: 「包括的に相談を受け止めていく
仕組みの構築が必要です」).

Counts per category and fiscal quarter, ward-wide and by district, with small numbers
suppressed by consultations.statistics (「5未満」, and complements so that no total gives
them away). No login, no personal data; the tables are computed from aggregates only.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from consultations import statistics
from core.fiscal_year import current_fiscal_year

# The first fiscal year of the 6th plan (2025年度); statistics start with it.
FIRST_FISCAL_YEAR = 2025


def fiscal_years() -> list[int]:
    """From the plan's first year to this one (at least the first, before the plan starts)."""
    return list(range(FIRST_FISCAL_YEAR, max(FIRST_FISCAL_YEAR, current_fiscal_year()) + 1))


@require_safe
def consultation_statistics(request: HttpRequest) -> HttpResponse:
    years = fiscal_years()
    year = years[-1]
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        year = int(asked)
    return render(
        request,
        "consultations/statistics.html",
        {
            "years": years,
            "year": year,
            "statistics": statistics.public_statistics(year),
            "small_label": statistics.SMALL_LABEL,
            "complement_label": statistics.COMPLEMENT_LABEL,
        },
    )
