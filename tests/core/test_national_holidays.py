"""Japan's national holidays come from the `holidays` package, with their Japanese names."""

import datetime as dt

from django.utils import translation

from core.national_holidays import holiday_name, holidays_between, is_holiday


def test_it_knows_2027s_holidays_and_the_substitute_holiday() -> None:
    assert holiday_name(dt.date(2027, 1, 1)) == "元日"
    assert holiday_name(dt.date(2027, 1, 11)) == "成人の日"
    assert holiday_name(dt.date(2027, 2, 11)) == "建国記念の日"
    assert holiday_name(dt.date(2027, 2, 23)) == "天皇誕生日"
    assert holiday_name(dt.date(2027, 3, 21)) == "春分の日"
    assert holiday_name(dt.date(2027, 3, 22)) == "振替休日"
    assert holiday_name(dt.date(2027, 1, 12)) is None


def test_it_lists_the_holidays_of_a_range_across_the_new_year() -> None:
    found = holidays_between(dt.date(2026, 12, 20), dt.date(2027, 1, 31))

    assert found == {dt.date(2027, 1, 1): "元日", dt.date(2027, 1, 11): "成人の日"}


def test_english_pages_get_english_names() -> None:
    with translation.override("en"):
        assert holiday_name(dt.date(2027, 1, 11)) == "Coming of Age Day"
    assert is_holiday(dt.date(2027, 3, 22))
