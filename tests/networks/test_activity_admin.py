"""Coordinators keep activities in the admin: the rule as checkboxes, dated sessions inline,
and the dates the lists use refreshed on every save."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from networks.models import Activity, District, Theme
from tests.factories import ActivityFactory, MemberFactory, reference


def activity_form(member_pk: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "ひかりサロン",
        "kind": "place_to_belong",
        "theme": reference(Theme, "places-to-belong").pk,
        "description": "",
        "organiser": member_pk,
        "facility": "",
        "district": reference(District, "hikarigaoka").pk,
        "venue": "",
        "schedule": "monthly",
        "weekdays": ["4"],
        "weeks_of_month": ["2", "4"],
        "start_time": "10:00",
        "end_time": "12:00",
        "schedule_note": "",
        "fee": "100円",
        "how_to_join": "",
        "contact": "",
        "last_confirmed_on": "",
        "is_listed": "on",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "days_off-TOTAL_FORMS": "0",
        "days_off-INITIAL_FORMS": "0",
        "days_off-MIN_NUM_FORMS": "0",
        "days_off-MAX_NUM_FORMS": "1000",
    }
    return data | changes


@pytest.mark.django_db
def test_a_coordinator_adds_a_monthly_activity_with_checkboxes(
    coordinator_client: Client, client: Client
) -> None:
    member = MemberFactory()

    response = coordinator_client.post("/admin/networks/activity/add/", activity_form(member.pk))

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.weekdays == [4]
    assert activity.weeks_of_month == [2, 4]
    assert activity.recurrence_text == "毎月第2・第4金曜日 10:00〜12:00"
    assert activity.occurrences.count() >= 10  # second and fourth Fridays for 180 days
    assert all(o.date.weekday() == 4 for o in activity.occurrences.all())
    assert "ひかりサロン" in client.get("/activities/").content.decode()


@pytest.mark.django_db
def test_dated_sessions_saved_inline_become_the_activitys_dates(
    coordinator_client: Client,
) -> None:
    member = MemberFactory()
    day = timezone.localdate() + dt.timedelta(days=10)
    data = activity_form(
        member.pk,
        schedule="dated",
        weekdays=[],
        weeks_of_month=[],
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": day.isoformat(),
            "sessions-0-starts_at_1": "13:00",
            "sessions-0-ends_at_0": day.isoformat(),
            "sessions-0-ends_at_1": "15:00",
            "sessions-0-note": "",
        },
    )

    response = coordinator_client.post("/admin/networks/activity/add/", data)

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.occurrences.values_list("date", flat=True)) == [day]


@pytest.mark.django_db
def test_a_monthly_rule_without_weeks_is_refused_in_japanese(coordinator_client: Client) -> None:
    member = MemberFactory()

    response = coordinator_client.post(
        "/admin/networks/activity/add/", activity_form(member.pk, weeks_of_month=[])
    )

    assert response.status_code == 200
    assert "第何週かを選んでください。" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_the_change_form_shows_the_rule_as_checked_boxes(coordinator_client: Client) -> None:
    activity = ActivityFactory(schedule="weekly", weekdays=[1, 3])

    html = coordinator_client.get(
        f"/admin/networks/activity/{activity.pk}/change/"
    ).content.decode()

    assert 'type="checkbox" name="weekdays" value="1"' in html
    assert 'value="1" id="id_weekdays_1" checked' in html
    assert 'value="3" id="id_weekdays_3" checked' in html
    assert 'value="0" id="id_weekdays_0" checked' not in html


@pytest.mark.django_db
def test_a_coordinator_marks_activities_confirmed_today(coordinator_client: Client) -> None:
    activity = ActivityFactory(last_confirmed_on=dt.date(2025, 4, 1))

    coordinator_client.post(
        "/admin/networks/activity/",
        {"action": "confirm_today", "_selected_action": [activity.pk]},
    )

    activity.refresh_from_db()
    assert activity.last_confirmed_on == timezone.localdate()


@pytest.mark.django_db
def test_the_admin_lists_search_members_and_coordinators(coordinator_client: Client) -> None:
    MemberFactory(name="ひかり福祉会")

    assert (
        "ひかり福祉会"
        in coordinator_client.get("/admin/networks/member/", {"q": "ひかり"}).content.decode()
    )
    assert coordinator_client.get("/admin/networks/coordinator/add/").status_code == 200
    assert coordinator_client.get("/admin/networks/facility/add/").status_code == 200
