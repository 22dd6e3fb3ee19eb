"""A recurring activity lists extra days off (年末年始, a day the hall is closed): they leave the
lists, the page names them with their reason, and the calendar file excludes them (EXDATE)."""

import datetime as dt

import pytest
from django.test import Client

from networks.models import Activity, ActivityDayOff
from networks.services import activity_refresh_occurrences
from tests.factories import ActivityFactory, MemberFactory
from tests.html import visible_text
from tests.networks.calendar_days import expand, read_events, set_today, titles
from tests.networks.test_activity_admin import activity_form
from tests.pagecache import assert_shows_the_change, cached

D = dt.date


@pytest.fixture
def december(monkeypatch: pytest.MonkeyPatch) -> None:
    set_today(monkeypatch, D(2026, 12, 20))


def cafe_with_year_end_break() -> Activity:
    cafe = ActivityFactory(
        title="まちのカフェ",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[1, 3],  # 火・木
        start_time=dt.time(13, 30),
        end_time=dt.time(15, 30),
    )
    ActivityDayOff.objects.create(
        activity=cafe, start_date=D(2026, 12, 29), end_date=D(2027, 1, 3), reason="年末年始"
    )
    ActivityDayOff.objects.create(activity=cafe, start_date=D(2027, 1, 14), reason="会場の点検")
    activity_refresh_occurrences(activity=cafe)
    return cafe


@pytest.mark.django_db
def test_the_days_off_leave_the_dates_and_the_lists(december: None, client: Client) -> None:
    cafe = cafe_with_year_end_break()

    dates = set(cafe.occurrences.values_list("date", flat=True))
    new_years_eve = client.get("/activities/", {"date_from": "2026-12-31", "date_to": "2026-12-31"})

    assert {D(2026, 12, 29), D(2026, 12, 31), D(2027, 1, 14)}.isdisjoint(dates)
    assert {D(2026, 12, 24), D(2027, 1, 5), D(2027, 1, 12)} <= dates
    assert titles(new_years_eve) == []


@pytest.mark.django_db
def test_the_page_lists_the_days_off_with_their_reasons(december: None, client: Client) -> None:
    cafe = cafe_with_year_end_break()

    text = visible_text(client.get(cafe.get_absolute_url()))

    assert "お休みの日" in text
    assert "2026年12月29日（火）年末年始" in text
    assert "2026年12月31日（木）年末年始" in text


@pytest.mark.django_db
def test_the_calendar_file_excludes_the_days_off(december: None, client: Client) -> None:
    cafe = cafe_with_year_end_break()

    (event,) = read_events(client.get(f"/activities/{cafe.pk}/calendar.ics"))
    dates = expand(event, until=D(2027, 1, 20))

    assert dates == [
        D(2026, 12, 22),
        D(2026, 12, 24),
        D(2027, 1, 5),
        D(2027, 1, 7),
        D(2027, 1, 12),
        D(2027, 1, 19),
    ]


@pytest.mark.django_db
def test_a_coordinator_adds_a_day_off_inline_and_the_cached_page_shows_it(
    december: None, coordinator_client: Client
) -> None:
    member = MemberFactory()
    salon = ActivityFactory(
        organiser=member, schedule=Activity.Schedule.MONTHLY, weekdays=[4], weeks_of_month=[2, 4]
    )
    url = salon.get_absolute_url()
    before = cached(url)
    data = activity_form(member.pk) | {
        "days_off-TOTAL_FORMS": "1",
        "days_off-0-start_date": "2027-01-08",
        "days_off-0-end_date": "",
        "days_off-0-reason": "会場の点検",
    }

    response = coordinator_client.post(f"/admin/networks/activity/{salon.pk}/change/", data)

    assert response.status_code == 302
    assert salon.days_off.get().reason == "会場の点検"
    assert not salon.occurrences.filter(date=D(2027, 1, 8)).exists()
    assert_shows_the_change(url, before)


@pytest.mark.django_db
def test_a_day_off_ending_before_it_starts_is_refused(
    december: None, coordinator_client: Client
) -> None:
    member = MemberFactory()
    salon = ActivityFactory(organiser=member)
    data = activity_form(member.pk) | {
        "days_off-TOTAL_FORMS": "1",
        "days_off-0-start_date": "2027-01-08",
        "days_off-0-end_date": "2027-01-01",
        "days_off-0-reason": "年末年始",
    }

    response = coordinator_client.post(f"/admin/networks/activity/{salon.pk}/change/", data)

    assert response.status_code == 200
    assert "休みの最終日は、休みの日と同じ日か後の日にしてください。" in response.content.decode()
    assert not salon.days_off.exists()
