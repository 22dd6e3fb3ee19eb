"""A small iCalendar (RFC 5545) writer for the activities' calendar files.

Only what the portal needs: a VCALENDAR with VEVENTs, times in Asia/Tokyo (with its
VTIMEZONE: Japan has had no daylight saving time since 1951), all-day events, and a weekly or
monthly RRULE for recurring activities. Lines end in CRLF and are folded at 75 octets without
splitting a UTF-8 character; TEXT values escape backslash, semicolon, comma and newlines.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from networks.models import Activity, ActivityDayOff, ActivitySession, Meeting

TZID = "Asia/Tokyo"
TOKYO = ZoneInfo(TZID)
PRODID = "-//Nerima Council of Social Welfare//Community Welfare Portal//JA"
CRLF = "\r\n"
MAX_OCTETS = 75
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # Python's weekday() order
# A rule repeats for ever; the days it has off (holidays, listed days off) are excluded this far
EXDATE_DAYS = 731

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma escaped; newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 3.1).

    Continuation lines begin with a space, which counts towards their 75 octets. Characters
    are never split, so a chunk of Japanese text may be a little shorter than the limit.
    """
    chunks: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def format_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def format_local(moment: dt.datetime) -> str:
    return moment.astimezone(TOKYO).strftime("%Y%m%dT%H%M%S")


@dataclass
class Event:
    """One VEVENT. `start`/`end` are aware datetimes, or dates for an all-day event."""

    uid: str
    stamp: dt.datetime
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    rrule: str = ""
    exdates: list[dt.datetime | dt.date] = field(default_factory=list)
    status: str = ""
    categories: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        yield "BEGIN:VEVENT"
        yield f"UID:{self.uid}"
        yield f"DTSTAMP:{format_utc(self.stamp)}"
        yield _date_property("DTSTART", self.start)
        if self.end is not None:
            yield _date_property("DTEND", self.end)
        if self.rrule:
            yield f"RRULE:{self.rrule}"
        if self.exdates:
            yield _dates_property("EXDATE", self.exdates)
        if self.status:
            yield f"STATUS:{self.status}"
        yield f"SUMMARY:{escape_text(self.summary)}"
        if self.description:
            yield f"DESCRIPTION:{escape_text(self.description)}"
        if self.location:
            yield f"LOCATION:{escape_text(self.location)}"
        if self.categories:
            yield "CATEGORIES:" + ",".join(escape_text(c) for c in self.categories)
        if self.url:
            yield f"URL:{self.url}"
        yield "END:VEVENT"


def _date_property(name: str, value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{name};TZID={TZID}:{format_local(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _dates_property(name: str, values: list[dt.datetime | dt.date]) -> str:
    """A list of dates of one type, as DTSTART has it (EXDATE must match DTSTART's type)."""
    moments = [value for value in values if isinstance(value, dt.datetime)]
    if moments:
        return f"{name};TZID={TZID}:" + ",".join(format_local(value) for value in moments)
    return f"{name};VALUE=DATE:" + ",".join(f"{value:%Y%m%d}" for value in values)


def weekly_rule(weekdays: Iterable[int]) -> str:
    """RRULE for 「毎週火・木曜日」: FREQ=WEEKLY;BYDAY=TU,TH."""
    return "FREQ=WEEKLY;BYDAY=" + ",".join(RRULE_DAYS[d] for d in sorted(weekdays))


def monthly_rule(weekdays: Iterable[int], weeks_of_month: Iterable[int]) -> str:
    """RRULE for 「毎月第2・第4金曜日」: FREQ=MONTHLY;BYDAY=2FR,4FR (the nth weekday)."""
    days = [
        f"{week}{RRULE_DAYS[day]}" for week in sorted(weeks_of_month) for day in sorted(weekdays)
    ]
    return "FREQ=MONTHLY;BYDAY=" + ",".join(days)


def calendar_lines(events: Iterable[Event], *, name: str) -> Iterator[str]:
    """The calendar, one folded CRLF-terminated content line at a time (for streaming)."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for line in head:
        yield fold(line) + CRLF
    for event in events:
        for line in event.lines():
            yield fold(line) + CRLF
    yield "END:VCALENDAR" + CRLF


def calendar(events: Iterable[Event], *, name: str) -> str:
    return "".join(calendar_lines(events, name=name))


# --- Activities as events ---------------------------------------------------------------------


def _details(activity: "Activity", *, url: str, note: str = "") -> str:
    parts = [
        activity.description,
        note,
        activity.schedule_note,
        _("参加費：%(fee)s") % {"fee": activity.fee} if activity.fee else "",
        _("参加方法：%(how)s") % {"how": activity.how_to_join} if activity.how_to_join else "",
        _("問い合わせ先：%(contact)s") % {"contact": activity.contact} if activity.contact else "",
        _("主催：%(name)s") % {"name": activity.organiser.name},
        url,
    ]
    return "\n\n".join(part for part in parts if part)


def _location(activity: "Activity") -> str:
    facility = activity.public_facility
    if facility is not None:
        return " ".join(part for part in (facility.name, facility.address) if part)
    return activity.venue


def session_event(session: "ActivitySession", *, url: str, domain: str) -> Event:
    """One dated session of an activity (`session.activity` with organiser and facility)."""
    activity = session.activity
    return Event(
        uid=f"activity-session-{session.pk}@{domain}",
        stamp=activity.updated_at,
        summary=activity.title,
        start=session.starts_at,
        end=session.ends_at,
        description=_details(activity, url=url, note=session.note),
        location=_location(activity),
        url=url,
    )


def pause_note(activity: "Activity") -> str:
    """「休止中です（理由）。2027年4月1日から再開します。」 while the activity is paused."""
    if not activity.paused_now:
        return ""
    note = _("休止中です（%(reason)s）。") % {"reason": activity.pause_reason}
    if activity.resumes_on:
        resumes = date_format(activity.resumes_on, "DATE_FORMAT")
        note += _("%(date)sから再開します。") % {"date": resumes}
    return note


def recurring_event(
    activity: "Activity",
    *,
    today: dt.date,
    days_off: "list[ActivityDayOff]",
    url: str,
    domain: str,
) -> Event | None:
    """A recurring activity as one event with an RRULE from its first date, the days it has
    off as EXDATEs; paused with no resume date, the series marked cancelled (休止中). None when
    its rule falls on no date."""
    paused = activity.paused_now
    start = max(today, activity.resumes_on) if paused and activity.resumes_on else today
    rule_dates = activity.dates_between(start, start + dt.timedelta(days=EXDATE_DAYS))
    off = activity.days_off_among(rule_dates, days_off=days_off)
    taking_place = [date for date in rule_dates if date not in off]
    cancelled = paused and activity.resumes_on is None
    if cancelled and rule_dates:
        first, skipped = rule_dates[0], []
    elif taking_place:
        first = taking_place[0]
        skipped = [date for date in off if date > first]
    else:
        return None
    start_at: dt.datetime | dt.date = first
    end: dt.datetime | dt.date | None = first + dt.timedelta(days=1)
    exdates: list[dt.datetime | dt.date] = list(skipped)
    if activity.start_time:
        start_at = dt.datetime.combine(first, activity.start_time, tzinfo=TOKYO)
        end = (
            dt.datetime.combine(first, activity.end_time, tzinfo=TOKYO)
            if activity.end_time
            else None
        )
        exdates = [dt.datetime.combine(date, activity.start_time, tzinfo=TOKYO) for date in skipped]
    if activity.schedule == activity.Schedule.MONTHLY:
        rule = monthly_rule(activity.weekdays, activity.weeks_of_month)
    else:
        rule = weekly_rule(activity.weekdays)
    summary = activity.title
    if cancelled:
        summary = _("【休止中】%(title)s") % {"title": activity.title}
    return Event(
        uid=f"activity-{activity.pk}@{domain}",
        stamp=activity.updated_at,
        summary=summary,
        start=start_at,
        end=end,
        rrule=rule,
        exdates=exdates,
        status="CANCELLED" if cancelled else "",
        description=_details(activity, url=url, note=pause_note(activity)),
        location=_location(activity),
        url=url,
    )


def meeting_event(meeting: "Meeting", *, url: str, domain: str) -> Event:
    """A meeting of the network (`meeting.facility` with its member loaded)."""
    facility = meeting.public_facility
    point = meeting.public_contact_point
    location = meeting.place
    if facility is not None:
        location = " ".join(part for part in (facility.name, facility.address) if part)
    elif point is not None:
        location = " ".join(part for part in (point.name, point.address) if part)
    return Event(
        uid=f"meeting-{meeting.pk}@{domain}",
        stamp=meeting.updated_at,
        summary=f"{meeting.get_kind_display()}：{meeting.title}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        description="\n\n".join(part for part in (meeting.agenda, url) if part),
        location=location,
        url=url,
        categories=[str(meeting.get_kind_display())],
    )
