"""A schedule that says 「祝日は休み」 skips Japan's national holidays (and substitute holidays)
everywhere: the lists and their date filters and counts, the activity's page (次回, これからの
開催日, お休みの日), its calendar file (EXDATE), and the stored next date. Around 2027's
holidays: 元日 1/1 (Fri), 成人の日 1/11 (Mon), 建国記念の日 2/11 (Thu), 天皇誕生日 2/23 (Tue),
春分の日 3/21 (Sun) and its 振替休日 3/22 (Mon)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from networks.models import Activity
from networks.services import activities_roll_next_dates
from tests.factories import ActivityFactory
from tests.html import visible_text
from tests.networks.calendar_days import expand, read_events, set_today, titles

D = dt.date


@pytest.fixture
def december(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    set_today(monkeypatch, D(2026, 12, 20))
    return monkeypatch


def weekly(title: str, weekdays: list[int], *, skips: bool = True) -> Activity:
    return ActivityFactory(
        title=title,
        schedule=Activity.Schedule.WEEKLY,
        weekdays=weekdays,
        start_time=dt.time(13, 30),
        end_time=dt.time(15, 30),
        skips_holidays=skips,
    )


@pytest.mark.django_db
def test_a_date_filter_on_a_holiday_leaves_out_what_skips_holidays(
    december: pytest.MonkeyPatch, client: Client
) -> None:
    weekly("まちのカフェ", [1, 3])  # 火・木
    weekly("木曜の体操", [3], skips=False)

    on_foundation_day = client.get(
        "/activities/", {"date_from": "2027-02-11", "date_to": "2027-02-11"}
    )
    on_emperors_birthday = client.get(
        "/activities/", {"date_from": "2027-02-23", "date_to": "2027-02-23"}
    )
    day_after = client.get("/activities/", {"date_from": "2027-02-25", "date_to": "2027-02-25"})

    assert titles(on_foundation_day) == ["木曜の体操"]
    assert "活動1件" in visible_text(on_foundation_day)
    assert titles(on_emperors_birthday) == []
    assert sorted(titles(day_after)) == ["まちのカフェ", "木曜の体操"]


@pytest.mark.django_db
def test_new_year_coming_of_age_day_and_the_substitute_holiday_are_skipped(
    december: pytest.MonkeyPatch,
) -> None:
    monday = weekly("月曜の会", [0])
    first_friday = ActivityFactory(
        title="第1金曜の会",
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[1],
        skips_holidays=True,
    )

    mondays = set(monday.occurrences.values_list("date", flat=True))
    fridays = set(first_friday.occurrences.values_list("date", flat=True))

    assert D(2027, 1, 4) in mondays
    assert D(2027, 1, 18) in mondays
    assert D(2027, 1, 11) not in mondays  # 成人の日
    assert D(2027, 3, 15) in mondays
    assert D(2027, 3, 29) in mondays
    assert D(2027, 3, 22) not in mondays  # 春分の日（3/21, 日曜）の振替休日
    assert D(2027, 1, 1) not in fridays  # 元日
    assert D(2027, 2, 5) in fridays


@pytest.mark.django_db
def test_the_card_of_a_date_range_shows_the_first_date_after_the_holiday(
    december: pytest.MonkeyPatch, client: Client
) -> None:
    weekly("月曜の会", [0])

    response = client.get("/activities/", {"date_from": "2027-01-10", "date_to": "2027-01-20"})

    assert "開催日2027年1月18日（月）" in visible_text(response)


@pytest.mark.django_db
def test_the_page_gives_the_next_date_after_the_holiday_and_names_the_holiday(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    set_today(monkeypatch, D(2027, 1, 5))
    monday = weekly("月曜の会", [0])

    text = visible_text(client.get(monday.get_absolute_url()))

    assert "次回2027年1月18日（月）" in text
    assert "祝日（振替休日を含む）はお休みです。" in text
    assert "お休みの日2027年1月11日（月）成人の日" in text


@pytest.mark.django_db
def test_the_english_page_names_the_holiday_in_english(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    set_today(monkeypatch, D(2027, 1, 5))
    monday = weekly("月曜の会", [0])

    text = visible_text(client.get(f"/en{monday.get_absolute_url()}"))

    assert "ComingofAgeDay" in text


@pytest.mark.django_db
def test_the_calendar_file_excludes_the_holidays_from_the_rule(
    december: pytest.MonkeyPatch, client: Client
) -> None:
    monday = weekly("月曜の会", [0])

    (event,) = read_events(client.get(f"/activities/{monday.pk}/calendar.ics"))
    dates = expand(event, until=D(2027, 3, 31))

    assert event.decoded("DTSTART") == dt.datetime(
        2026, 12, 21, 13, 30, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert D(2027, 1, 11) not in dates
    assert D(2027, 3, 22) not in dates
    assert [d for d in dates if d.month == 1 and d.year == 2027] == [
        D(2027, 1, 4),
        D(2027, 1, 18),
        D(2027, 1, 25),
    ]
    # The excluded dates carry the start time, as DTSTART does (RFC 5545 3.8.5.1)
    assert "EXDATE;TZID=Asia/Tokyo:20270111T133000" in event.to_ical().decode().replace("\r\n ", "")


@pytest.mark.django_db
def test_a_series_starting_on_a_holiday_starts_on_its_first_real_date(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    set_today(monkeypatch, D(2026, 12, 30))
    first_friday = ActivityFactory(
        title="第1金曜の会",
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[1],
        skips_holidays=True,
    )

    (event,) = read_events(client.get(f"/activities/{first_friday.pk}/calendar.ics"))

    assert event.decoded("DTSTART") == D(2027, 2, 5)  # all-day: no start time
    assert expand(event, until=D(2027, 4, 30)) == [D(2027, 2, 5), D(2027, 3, 5), D(2027, 4, 2)]


@pytest.mark.django_db
def test_the_stored_next_date_passes_over_the_holiday(monkeypatch: pytest.MonkeyPatch) -> None:
    set_today(monkeypatch, D(2026, 12, 20))
    monday = weekly("月曜の会", [0])
    monday.refresh_from_db()
    assert monday.next_date == D(2026, 12, 21)

    set_today(monkeypatch, D(2027, 1, 5))
    activities_roll_next_dates()
    monday.refresh_from_db()
    assert monday.next_date == D(2027, 1, 18)

    set_today(monkeypatch, D(2027, 3, 16))
    call_command("refresh_occurrences")
    monday.refresh_from_db()
    assert monday.next_date == D(2027, 3, 29)
    assert not monday.occurrences.filter(date=D(2027, 3, 22)).exists()


@pytest.mark.django_db
def test_without_the_flag_a_holiday_is_an_ordinary_date(december: pytest.MonkeyPatch) -> None:
    monday = weekly("月曜の会", [0], skips=False)

    assert monday.occurrences.filter(date=D(2027, 1, 11)).exists()
