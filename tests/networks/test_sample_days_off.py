"""The sample activities whose text says 「祝日はお休みです」 skip holidays by their flag, and
まちのカフェ takes 年末年始 off: the text is backed by the schedule."""

import datetime as dt

import pytest

from core.national_holidays import is_holiday
from networks.models import Activity
from plan.models import Plan


@pytest.mark.django_db
def test_the_sample_text_about_holidays_is_backed_by_the_flag(sample_data: Plan) -> None:
    salon = Activity.objects.get(title="ひかりサロン（サンプル）")
    cafe = Activity.objects.get(title="まちのカフェ（サンプル）")

    assert salon.skips_holidays
    assert cafe.skips_holidays
    assert "祝日" in cafe.schedule_note
    for activity in (salon, cafe):
        dates = activity.occurrences.values_list("date", flat=True)
        assert not [date for date in dates if is_holiday(date)]


@pytest.mark.django_db
def test_the_sample_cafe_takes_the_new_year_off(sample_data: Plan) -> None:
    cafe = Activity.objects.get(title="まちのカフェ（サンプル）")

    (year_end,) = cafe.days_off.all()

    assert year_end.reason == "年末年始"
    assert (year_end.start_date.month, year_end.start_date.day) == (12, 29)
    assert year_end.end_date == dt.date(year_end.start_date.year + 1, 1, 3)
    dates = set(cafe.occurrences.values_list("date", flat=True))
    assert not [date for date in dates if year_end.covers(date)]
