"""Japanese fiscal years (年度): FY2025 runs from 1 April 2025 to 31 March 2026.

A date in January–March belongs to the fiscal year that began the April before. The one rule
for every app (case numbers, statistics, reports, the plan's progress). Reiwa (令和) year N is
Gregorian year N + REIWA_OFFSET.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_MONTH = 4  # April
REIWA_OFFSET = 2018  # 令和1年 = 2019


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a date falls in: 2026-03-31 → 2025, 2026-04-01 → 2026."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_fiscal_year(*, today: dt.date | None = None) -> int:
    """The fiscal year of today in Tokyo (the site's time zone)."""
    return fiscal_year_of(today or timezone.localdate())


def fiscal_year_start(day: dt.date) -> dt.date:
    """1 April of the fiscal year that `day` falls in."""
    return dt.date(fiscal_year_of(day), FIRST_MONTH, 1)


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a fiscal year: (1 April, 31 March of the next year)."""
    return dt.date(fiscal_year, FIRST_MONTH, 1), dt.date(fiscal_year + 1, FIRST_MONTH, 1) - (
        dt.timedelta(days=1)
    )


def fiscal_year_label(fiscal_year: int) -> str:
    """「2025年度（令和7年度）」 as the council writes it."""
    return _("%(year)d年度（令和%(reiwa)d年度）") % {
        "year": fiscal_year,
        "reiwa": fiscal_year - REIWA_OFFSET,
    }
