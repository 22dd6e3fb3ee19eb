"""Japan's national holidays (国民の祝日, 振替休日, 国民の休日), from the maintained `holidays`
package rather than a hand-kept list: its rules compute 春分の日 and 秋分の日 and the
substitute holidays for any year. Names in Japanese, or in English for the English pages."""

import datetime as dt
import functools

import holidays
from django.utils import translation


@functools.cache
def _holidays_of(year: int, language: str) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("JP", years=year, language=language))


def _language() -> str:
    return "en_US" if (translation.get_language() or "ja").startswith("en") else "ja"


def holiday_name(date: dt.date) -> str | None:
    """The holiday's name (「建国記念の日」, 「振替休日」), or None on an ordinary day."""
    return _holidays_of(date.year, _language()).get(date)


def is_holiday(date: dt.date) -> bool:
    return date in _holidays_of(date.year, "ja")


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Every holiday from start to end inclusive, with its name."""
    language = _language()
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for date, name in _holidays_of(year, language).items():
            if start <= date <= end:
                found[date] = name
    return dict(sorted(found.items()))
