"""Calendar files (RFC 5545): one activity, and the feed of every upcoming dated session.

Each file is read back the way a calendar application does: CRLF line ends, no line over 75
octets, folded lines unfolded, required properties present, TEXT values unescaped.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from networks import ical
from networks.models import Activity
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, at


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def read_calendar(body: bytes) -> list[dict[str, list[tuple[str, str]]]]:
    """Check the framing and return the components as {name: [(params, value)]} in order."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare LF"
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode()) <= 75, line
    unfolded: list[str] = []
    for line in physical:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    components: list[dict[str, list[tuple[str, str]]]] = []
    stack: list[dict[str, list[tuple[str, str]]]] = []
    for line in unfolded:
        name_params, _, value = line.partition(":")
        name, _, params = name_params.partition(";")
        if name == "BEGIN":
            stack.append({"BEGIN": [("", value)]})
        elif name == "END":
            component = stack.pop()
            assert component["BEGIN"][0][1] == value
            components.append(component)
        else:
            stack[-1].setdefault(name, []).append((params, value))
    assert not stack
    calendar = components[-1]
    assert calendar["BEGIN"][0][1] == "VCALENDAR"
    assert calendar["VERSION"] == [("", "2.0")]
    assert calendar["PRODID"]
    return components


def events(components: list[dict]) -> list[dict]:
    found = [c for c in components if c["BEGIN"][0][1] == "VEVENT"]
    for event in found:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, required
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"][0][1])
    return found


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_dated_activity_is_one_event_per_session_in_tokyo_time(client: Client) -> None:
    member = MemberFactory(name="ひかり福祉会")
    activity = ActivityFactory(
        title="しごと体験",
        organiser=member,
        facility=FacilityFactory(member=member, name="みどり作業所", address="練馬区石神井1-2"),
        fee="無料",
        sessions=[at(days(7), 13), at(days(14), 13)],
    )

    response = client.get(f"/activities/{activity.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    components = read_calendar(body(response))
    found = events(components)
    assert len(found) == 2
    assert found[0]["DTSTART"] == [("TZID=Asia/Tokyo", f"{days(7):%Y%m%d}T130000")]
    assert found[0]["DTEND"] == [("TZID=Asia/Tokyo", f"{days(7):%Y%m%d}T150000")]
    assert found[0]["UID"] != found[1]["UID"]
    assert unescape(found[0]["LOCATION"][0][1]) == "みどり作業所 練馬区石神井1-2"
    assert "参加費：無料" in unescape(found[0]["DESCRIPTION"][0][1])
    assert found[0]["URL"][0][1].endswith(f"/activities/{activity.pk}/")
    timezones = [c for c in components if c["BEGIN"][0][1] == "VTIMEZONE"]
    assert timezones[0]["TZID"] == [("", "Asia/Tokyo")]


@pytest.mark.django_db
def test_a_recurring_activity_is_one_event_with_a_monthly_rule(client: Client) -> None:
    activity = ActivityFactory(
        title="ひかりサロン",
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[2, 4],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    first = activity.occurrences.first().date

    found = events(read_calendar(body(client.get(f"/activities/{activity.pk}/calendar.ics"))))

    assert len(found) == 1
    assert found[0]["RRULE"] == [("", "FREQ=MONTHLY;BYDAY=2FR,4FR")]
    assert found[0]["DTSTART"] == [("TZID=Asia/Tokyo", f"{first:%Y%m%d}T100000")]
    assert first.weekday() == 4


@pytest.mark.django_db
def test_a_recurring_activity_without_a_time_is_an_all_day_weekly_event(client: Client) -> None:
    activity = ActivityFactory(schedule=Activity.Schedule.WEEKLY, weekdays=[1, 3])

    found = events(read_calendar(body(client.get(f"/activities/{activity.pk}/calendar.ics"))))

    assert found[0]["RRULE"] == [("", "FREQ=WEEKLY;BYDAY=TU,TH")]
    assert found[0]["DTSTART"][0][0] == "VALUE=DATE"


@pytest.mark.django_db
def test_text_is_escaped_and_long_japanese_lines_are_folded_between_characters(
    client: Client,
) -> None:
    title = "子ども食堂, 学習支援; 「わかば」\\本部"
    description = "みんなで夕ごはんを食べます。" * 10 + "\n二行目です。"
    activity = ActivityFactory(title=title, description=description, sessions=[at(days(3))])

    found = events(read_calendar(body(client.get(f"/activities/{activity.pk}/calendar.ics"))))

    assert unescape(found[0]["SUMMARY"][0][1]) == title
    assert unescape(found[0]["DESCRIPTION"][0][1]).startswith(description)


def test_folding_never_splits_a_character_and_keeps_lines_within_75_octets() -> None:
    line = "DESCRIPTION:" + "あ" * 100 + "a" * 30

    folded = ical.fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


@pytest.mark.django_db
def test_the_feed_has_every_upcoming_dated_session_of_listed_activities(client: Client) -> None:
    ActivityFactory(title="来週の会", sessions=[at(days(-7)), at(days(7))])
    ActivityFactory(title="非公開の会", is_listed=False, sessions=[at(days(3))])
    ActivityFactory(title="毎週の会", schedule=Activity.Schedule.WEEKLY, weekdays=[0])

    response = client.get("/activities/calendar.ics")

    found = events(read_calendar(body(response)))
    assert [unescape(e["SUMMARY"][0][1]) for e in found] == ["来週の会"]
    assert found[0]["DTSTART"][0][1].startswith(f"{days(7):%Y%m%d}")


@pytest.mark.django_db
def test_the_feed_follows_the_list_filters(client: Client) -> None:
    ActivityFactory(title="子ども向け", audiences=["children"], sessions=[at(days(2))])
    ActivityFactory(title="高齢者向け", audiences=["elderly"], sessions=[at(days(2))])

    response = client.get("/activities/calendar.ics", {"audience": "children"})

    assert [unescape(e["SUMMARY"][0][1]) for e in events(read_calendar(body(response)))] == [
        "子ども向け"
    ]


@pytest.mark.django_db
def test_unlisted_activities_have_no_calendar_file(client: Client) -> None:
    activity = ActivityFactory(is_listed=False, sessions=[at(days(2))])

    assert client.get(f"/activities/{activity.pk}/calendar.ics").status_code == 404
