"""When a contact point (窓口) is open: its weekly hours, closed days (年末年始) and national
holidays, read in Asia/Tokyo."""

import datetime as dt
import zoneinfo

import pytest

from networks.models import Closure, ContactPoint, OpeningHours, OpeningSlot, OpeningStatus

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.django_db


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TOKYO)


@pytest.fixture
def office() -> ContactPoint:
    """Weekdays 8:30〜17:15, Saturdays 9:00〜12:00 and 13:00〜16:00; closed for 年末年始."""
    office = ContactPoint.objects.create(name="石神井地区事務所（サンプル）", phone="03-0000-0130")
    for weekday in range(5):
        OpeningHours.objects.create(
            contact_point=office, weekday=weekday, opens=dt.time(8, 30), closes=dt.time(17, 15)
        )
    OpeningHours.objects.create(
        contact_point=office, weekday=5, opens=dt.time(13), closes=dt.time(16)
    )
    OpeningHours.objects.create(
        contact_point=office, weekday=5, opens=dt.time(9), closes=dt.time(12)
    )
    Closure.objects.create(
        contact_point=office,
        label="年末年始",
        starts_on=dt.date(2026, 12, 29),
        ends_on=dt.date(2027, 1, 3),
    )
    return ContactPoint.objects.with_schedule().get(pk=office.pk)


def test_it_is_open_from_the_opening_minute(office: ContactPoint) -> None:
    # Tuesday 2026-12-08
    assert not office.status_at(at("2026-12-08", "08:29:59")).is_open
    status = office.status_at(at("2026-12-08", "08:30"))
    assert status.is_open
    assert status.closes_at == at("2026-12-08", "17:15")


def test_it_is_closed_from_the_closing_minute_and_opens_the_next_weekday(
    office: ContactPoint,
) -> None:
    assert office.status_at(at("2026-12-08", "17:14:59")).is_open
    status = office.status_at(at("2026-12-08", "17:15"))
    assert not status.is_open
    assert status.next_opening == at("2026-12-09", "08:30")


def test_before_opening_it_opens_the_same_day(office: ContactPoint) -> None:
    status = office.status_at(at("2026-12-08", "06:00"))
    assert not status.is_open
    assert status.next_opening == at("2026-12-08", "08:30")


def test_a_lunch_break_closes_it_between_two_spans(office: ContactPoint) -> None:
    # Saturday 2026-12-12
    assert office.status_at(at("2026-12-12", "11:59")).is_open
    lunch = office.status_at(at("2026-12-12", "12:30"))
    assert not lunch.is_open
    assert lunch.next_opening == at("2026-12-12", "13:00")
    assert office.hours_on(dt.date(2026, 12, 12)) == [
        OpeningSlot(dt.time(9), dt.time(12)),
        OpeningSlot(dt.time(13), dt.time(16)),
    ]


def test_after_friday_it_opens_on_saturday_and_after_saturday_on_monday(
    office: ContactPoint,
) -> None:
    assert office.status_at(at("2026-12-11", "18:00")).next_opening == at("2026-12-12", "09:00")
    assert office.status_at(at("2026-12-12", "16:00")).next_opening == at("2026-12-14", "08:30")


def test_the_time_is_read_in_tokyo_whatever_zone_the_moment_is_in(office: ContactPoint) -> None:
    # 2026-12-07 23:45 UTC is Tuesday 08:45 in Tokyo
    utc = dt.datetime(2026, 12, 7, 23, 45, tzinfo=dt.UTC)
    assert office.status_at(utc).is_open


def test_it_is_closed_for_the_new_year_holidays_and_opens_on_the_first_working_day(
    office: ContactPoint,
) -> None:
    assert office.status_at(at("2026-12-28", "10:00")).is_open
    assert office.closure_on(dt.date(2026, 12, 29)) == "年末年始"
    assert not office.status_at(at("2026-12-29", "10:00")).is_open
    assert office.closure_on(dt.date(2027, 1, 3)) == "年末年始"
    # Monday 2027-01-04 is the first working day after 1/3
    status = office.status_at(at("2026-12-28", "17:15"))
    assert status.next_opening == at("2027-01-04", "08:30")


def test_it_is_closed_on_national_holidays(office: ContactPoint) -> None:
    # Monday 2026-11-23 勤労感謝の日, Wednesday 2026-05-06 振替休日
    assert office.closure_on(dt.date(2026, 11, 23)) == "勤労感謝の日"
    assert not office.status_at(at("2026-11-23", "10:00")).is_open
    assert office.status_at(at("2026-11-23", "10:00")).next_opening == at("2026-11-24", "08:30")
    assert office.closure_on(dt.date(2026, 5, 6)) == "振替休日"


def test_without_the_holiday_flag_it_opens_on_holidays(office: ContactPoint) -> None:
    office.closed_on_holidays = False
    assert office.status_at(at("2026-11-23", "10:00")).is_open


def test_a_day_without_hours_shows_the_next_day_with_them(office: ContactPoint) -> None:
    sunday = office.day_schedule(dt.date(2026, 12, 13))
    assert sunday.slots == []
    assert sunday.closure == ""
    assert sunday.next_day == dt.date(2026, 12, 14)
    assert [str(slot) for slot in sunday.next_slots] == ["8:30〜17:15"]
    new_year = office.day_schedule(dt.date(2027, 1, 1))
    assert new_year.closure == "年末年始"
    assert new_year.next_day == dt.date(2027, 1, 4)


def test_a_contact_point_without_hours_never_opens(db: None) -> None:
    point = ContactPoint.objects.create(name="準備中の窓口")
    status = point.status_at(at("2026-12-08", "10:00"))
    assert status == OpeningStatus(False, None, None)
    assert point.day_schedule(dt.date(2026, 12, 8)).next_day is None


def test_the_schedule_reads_nothing_more_from_the_database(
    office: ContactPoint, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):
        office.status_at(at("2026-12-28", "18:00"))
        office.weekly_hours()


def test_the_phone_link_is_digits_only(office: ContactPoint) -> None:
    office.phone = "０３-0000-0130"
    assert office.phone_link == "0300000130"
