"""An activity can be paused (休止) with a reason and, if known, a resume date: until then it
has no dates in the lists, on its page or in its calendar file, and everywhere it says so."""

import datetime as dt

import pytest
from django.test import Client

from networks.models import Activity
from tests.factories import ActivityFactory, MemberFactory, at
from tests.html import visible_text
from tests.networks.calendar_days import expand, read_events, set_today, titles
from tests.networks.test_activity_admin import activity_form

D = dt.date


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    set_today(monkeypatch, D(2027, 1, 5))
    return D(2027, 1, 5)


def salon(**fields: object) -> Activity:
    return ActivityFactory(
        title="ひかりサロン",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[3],  # 木
        start_time=dt.time(10),
        end_time=dt.time(12),
        is_paused=True,
        pause_reason="会場の改修工事のため",
        **fields,
    )


@pytest.mark.django_db
def test_a_pause_without_a_resume_date_leaves_no_date(today: dt.date, client: Client) -> None:
    paused = salon()
    paused.refresh_from_db()

    page = visible_text(client.get(paused.get_absolute_url()))
    listed = visible_text(client.get("/activities/"))
    on_a_thursday = client.get("/activities/", {"date_from": "2027-01-07", "date_to": "2027-01-07"})

    assert paused.next_date is None
    assert not paused.occurrences.exists()
    assert "休止中：会場の改修工事のため" in page
    assert "再開の日は決まっていません。" in page
    assert "次回予定されている日程はありません" in page
    assert "休止中" in listed
    assert "次回休止中です" in listed
    assert titles(on_a_thursday) == []


@pytest.mark.django_db
def test_a_pause_with_a_resume_date_takes_dates_from_that_day(
    today: dt.date, client: Client
) -> None:
    paused = salon(resumes_on=D(2027, 2, 1))
    paused.refresh_from_db()

    page = visible_text(client.get(paused.get_absolute_url()))

    assert paused.next_date == D(2027, 2, 4)
    assert min(paused.occurrences.values_list("date", flat=True)) == D(2027, 2, 4)
    assert "2027年2月1日から再開する予定です。" in page
    assert "次回2027年2月4日（木）" in page


@pytest.mark.django_db
def test_the_calendar_file_of_a_paused_series_says_so(today: dt.date, client: Client) -> None:
    indefinite = salon()
    until_february = salon(resumes_on=D(2027, 2, 1))

    (stopped,) = read_events(client.get(f"/activities/{indefinite.pk}/calendar.ics"))
    (resuming,) = read_events(client.get(f"/activities/{until_february.pk}/calendar.ics"))

    assert stopped["STATUS"] == "CANCELLED"
    assert str(stopped["SUMMARY"]).startswith("【休止中】")
    assert "会場の改修工事のため" in str(stopped["DESCRIPTION"])
    assert "STATUS" not in resuming
    assert expand(resuming, until=D(2027, 2, 28)) == [
        D(2027, 2, 4),
        D(2027, 2, 11),  # 建国記念の日: this one does not skip holidays
        D(2027, 2, 18),
        D(2027, 2, 25),
    ]
    assert "2027年2月1日から再開します。" in str(resuming["DESCRIPTION"])


@pytest.mark.django_db
def test_a_paused_dated_activity_hides_its_sessions_in_the_pause(
    today: dt.date, client: Client
) -> None:
    workshop = ActivityFactory(
        title="防災ワークショップ",
        sessions=[at(D(2027, 1, 20)), at(D(2027, 3, 10))],
        is_paused=True,
        pause_reason="講師の都合",
        resumes_on=D(2027, 3, 1),
    )

    page = visible_text(client.get(workshop.get_absolute_url()))
    (event,) = read_events(client.get(f"/activities/{workshop.pk}/calendar.ics"))
    feed = read_events(client.get("/activities/calendar.ics"))

    assert "2027年1月20日" not in page
    assert "次回2027年3月10日（水）" in page
    assert event.decoded("DTSTART").date() == D(2027, 3, 10)
    assert [e.decoded("DTSTART").date() for e in feed] == [D(2027, 3, 10)]
    assert list(workshop.occurrences.values_list("date", flat=True)) == [D(2027, 3, 10)]


@pytest.mark.django_db
def test_once_the_resume_date_has_come_it_is_no_longer_shown_as_paused(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    set_today(monkeypatch, D(2027, 1, 5))
    paused = salon(resumes_on=D(2027, 1, 10))
    set_today(monkeypatch, D(2027, 1, 12))

    page = visible_text(client.get(paused.get_absolute_url()))

    assert "休止中" not in page
    assert "次回2027年1月14日（木）" in page


@pytest.mark.django_db
def test_a_coordinator_pauses_an_activity_in_the_admin(
    today: dt.date, coordinator_client: Client
) -> None:
    member = MemberFactory()
    activity = ActivityFactory(
        organiser=member, schedule=Activity.Schedule.MONTHLY, weekdays=[4], weeks_of_month=[2, 4]
    )
    data = activity_form(
        member.pk, is_paused="on", pause_reason="会場の改修工事のため", resumes_on="2027-03-01"
    )

    response = coordinator_client.post(f"/admin/networks/activity/{activity.pk}/change/", data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_paused
    assert activity.resumes_on == D(2027, 3, 1)
    assert activity.next_date == D(2027, 3, 12)  # 第2金曜日


@pytest.mark.django_db
def test_a_pause_needs_a_reason_and_a_resume_date_needs_a_pause(
    today: dt.date, coordinator_client: Client
) -> None:
    member = MemberFactory()
    activity = ActivityFactory(organiser=member)

    no_reason = coordinator_client.post(
        f"/admin/networks/activity/{activity.pk}/change/",
        activity_form(member.pk, is_paused="on", pause_reason=" ", resumes_on="2027-03-01"),
    )
    no_pause = coordinator_client.post(
        f"/admin/networks/activity/{activity.pk}/change/",
        activity_form(member.pk, resumes_on="2027-03-01"),
    )

    assert no_reason.status_code == 200
    assert "休止の理由を入力してください。" in no_reason.content.decode()
    assert 'value="2027-03-01"' in no_reason.content.decode()
    assert "再開日は「休止中」のときだけ入力します。" in no_pause.content.decode()
    activity.refresh_from_db()
    assert not activity.is_paused
    assert activity.resumes_on is None
