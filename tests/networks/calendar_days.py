"""Helpers for the tests of holidays, days off and pauses: a clock set to a day in Tokyo, the
titles a list shows, and a calendar file read with a real iCalendar parser (`icalendar`), its
recurring events expanded the way a calendar application does (RRULE less EXDATE)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rruleset, rrulestr
from django.http import HttpResponse
from django.utils import timezone

TOKYO = ZoneInfo("Asia/Tokyo")


def set_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """From now on it is noon of `day` in Tokyo (views, services and factories see it)."""
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=TOKYO)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def titles(response: HttpResponse) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/activities/\d+/" lang="ja">([^<]+)</a>', html)


def read_events(response: HttpResponse) -> list[icalendar.Event]:
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def exdates(event: icalendar.Event) -> list[dt.date | dt.datetime]:
    found = event.get("EXDATE")
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [item.dt for entry in lists for item in entry.dts]


def expand(event: icalendar.Event, *, until: dt.date) -> list[dt.date]:
    """The dates the event takes place on up to `until`: its RRULE from DTSTART less EXDATE."""
    start = event.decoded("DTSTART")
    rules = rruleset()
    naive = not isinstance(start, dt.datetime)
    dtstart = dt.datetime.combine(start, dt.time()) if naive else start
    rules.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=dtstart))
    for excluded in exdates(event):
        rules.exdate(dt.datetime.combine(excluded, dt.time()) if naive else excluded)
    end = dt.datetime.combine(until, dt.time(23, 59), tzinfo=None if naive else TOKYO)
    return [moment.date() for moment in rules.between(dtstart, end, inc=True)]
