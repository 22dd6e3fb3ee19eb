"""Workflows of taking part: join, cancel (moving the first on the waiting list up), mark
attendance, call off or move a date, remind the day before, and the private calendar feed.

Every change to who holds a place runs with the activity's ParticipationSettings row locked
(SELECT … FOR UPDATE), so two people taking the last place at once are served one after the
other: the second finds it full and goes on the waiting list. E-mails leave after the commit.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import emails
from core.links import site_url
from core.national_holidays import holiday_name
from core.templatetags.display import date_with_weekday
from networks.models import Activity, ActivityOccurrence
from participation.models import (
    CalendarFeed,
    OccurrenceChange,
    Participation,
    ParticipationSettings,
    SeriesAttendance,
    hash_token,
)

logger = logging.getLogger(__name__)

# How far back the roster of a whole series offers its dates for recording attendance
SERIES_ATTENDANCE_DAYS = 90


# --- What may be joined ------------------------------------------------------------------------


@dataclass
class Slot:
    """A date of an activity (or the whole series, date None) and how full it is."""

    date: dt.date | None
    taken: int
    capacity: int

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def is_full(self) -> bool:
        return self.taken >= self.capacity


def upcoming_dates(
    offer: ParticipationSettings, *, now: dt.datetime | None = None
) -> list[dt.date]:
    """The activity's dates not begun yet, less those called off or moved (OccurrenceChange)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    changed = set(
        OccurrenceChange.objects.filter(activity_id=offer.activity_id).values_list(
            "date", flat=True
        )
    )
    dates = ActivityOccurrence.objects.filter(
        activity_id=offer.activity_id, date__gte=today
    ).values_list("date", flat=True)
    return [d for d in dates if d not in changed and offer.starts_at(d) > now]


def joinable_dates(
    offer: ParticipationSettings, *, now: dt.datetime | None = None
) -> list[dt.date]:
    """The dates still open for joining: occurrences not past their closing time, not called
    off or moved."""
    now = now or timezone.now()
    return [d for d in upcoming_dates(offer, now=now) if offer.closes_at(d) > now]


def series_first_date(
    offer: ParticipationSettings, *, now: dt.datetime | None = None
) -> dt.date | None:
    """The first date a place in the whole series would count on (the next one not begun).

    A series place is on the roster, the reminders and the calendar of every date from the
    next on, so the series closes as that date does (`closes_hours_before` its start): one
    joining later would land on a roster already closed. For a rule (毎週・毎月) it opens
    again once that date has begun, from the following one."""
    return next(iter(upcoming_dates(offer, now=now)), None)


def series_dates(
    activity_ids: Iterable[int], *, start: dt.date, end: dt.date | None = None
) -> dict[int, list[dt.date]]:
    """The dates a place in the whole series covers, per activity, from start (to end): the
    occurrences less those called off or moved away, plus the days they were moved to."""
    activity_ids = list(activity_ids)
    window = {"date__gte": start} | ({"date__lte": end} if end else {})
    found: dict[int, set[dt.date]] = {pk: set() for pk in activity_ids}
    for activity_id, date in ActivityOccurrence.objects.filter(
        activity_id__in=activity_ids, **window
    ).values_list("activity_id", "date"):
        found[activity_id].add(date)
    changes: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for activity_id, date, moved_to in OccurrenceChange.objects.filter(
        activity_id__in=activity_ids
    ).values_list("activity_id", "date", "moved_to"):
        changes[activity_id].append((date, moved_to))
    return {
        pk: sorted(_changed(dates, changes[pk], start=start, end=end))
        for pk, dates in found.items()
    }


def _changed(
    dates: set[dt.date],
    changes: list[tuple[dt.date, dt.date | None]],
    *,
    start: dt.date,
    end: dt.date | None,
) -> set[dt.date]:
    """`dates` less those called off or moved away, plus the days they were moved to (within
    start–end) unless that day was itself called off or moved on afterwards."""
    changed = {date for date, _moved_to in changes}
    moved_here = {
        moved_to
        for _date, moved_to in changes
        if moved_to is not None
        and moved_to not in changed
        and start <= moved_to
        and (end is None or moved_to <= end)
    }
    return (dates - changed) | moved_here


def slots_of(offer: ParticipationSettings, dates: Iterable[dt.date | None]) -> list[Slot]:
    """How many places are taken on each date, in one query."""
    dates = list(dates)
    counts = dict(
        Participation.objects.confirmed()
        .filter(activity_id=offer.activity_id, date__in=[d for d in dates if d is not None])
        .order_by()
        .values_list("date")
        .annotate(n=Count("pk"))
    )
    if None in dates:
        counts[None] = Participation.objects.confirmed().for_slot(offer.activity, None).count()
    return [Slot(date, counts.get(date, 0), offer.capacity) for date in dates]


def check_joinable(
    offer: ParticipationSettings, *, date: dt.date | None, now: dt.datetime | None = None
) -> None:
    """Raises ValidationError (a Japanese message) when the date may not be joined."""
    now = now or timezone.now()
    if not offer.is_open:
        raise ValidationError(_("この活動は、いまポータルからの申込みを受け付けていません。"))
    if offer.is_series:
        if date is not None:
            raise ValidationError(_("この活動は全日程を通しての申込みです。"))
        first = series_first_date(offer, now=now)
        if first is None:
            raise ValidationError(_("これからの開催日がないため、申し込めません。"))
        if offer.closes_at(first) <= now:
            raise ValidationError(
                _(
                    "全日程の申込みは締め切りました。"
                    "締切は、次の開催日%(date)sの開始%(hours)d時間前でした。"
                )
                % {"date": date_with_weekday(first), "hours": offer.closes_hours_before}
            )
        return
    if date is None:
        raise ValidationError(_("開催日を選んでください。"))
    change = OccurrenceChange.objects.filter(activity_id=offer.activity_id, date=date).first()
    if change is not None and change.kind == OccurrenceChange.Kind.CANCELLED:
        raise ValidationError(_("この日は開催が中止になりました。申し込めません。"))
    if change is not None:
        raise ValidationError(_("この日は日程が変更になりました。変更後の日を選んでください。"))
    if date < timezone.localdate(now):
        raise ValidationError(_("終わった開催日には申し込めません。"))
    if not ActivityOccurrence.objects.filter(activity_id=offer.activity_id, date=date).exists():
        raise ValidationError(_("この日は開催日ではありません。"))
    if offer.closes_at(date) <= now:
        raise ValidationError(_("この日の申込みは締め切りました。"))


# --- Joining and cancelling ----------------------------------------------------------------------


def participation_join(
    *,
    user: User,
    activity: Activity,
    date: dt.date | None,
    answer: str = "",
    wait_if_full: bool = True,
    now: dt.datetime | None = None,
) -> Participation:
    """Take a place (or, when full and `wait_if_full`, a place on the waiting list).

    Refuses with a Japanese ValidationError: joining twice, a past, closed or called-off date,
    a date that is not one, and a full date for someone who did not ask to wait."""
    with transaction.atomic():
        try:
            offer = ParticipationSettings.objects.select_for_update().get(activity=activity)
        except ParticipationSettings.DoesNotExist:
            raise ValidationError(
                _("この活動は、ポータルからの申込みを受け付けていません。")
            ) from None
        check_joinable(offer, date=date, now=now)
        mine = Participation.objects.active().for_slot(activity, date).filter(user=user)
        if mine.exists():
            raise ValidationError(_("すでに申し込んでいます。マイページで確認できます。"))
        taken = Participation.objects.confirmed().for_slot(activity, date).count()
        full = taken >= offer.capacity
        if full and not wait_if_full:
            raise ValidationError(_("定員に達しました。キャンセル待ちで申し込めます。"))
        status = Participation.Status.WAITING if full else Participation.Status.CONFIRMED
        try:
            with transaction.atomic():
                participation = Participation.objects.create(
                    activity=activity, date=date, user=user, status=status, answer=answer
                )
        except IntegrityError:  # the constraint: the same person, twice at once
            raise ValidationError(_("すでに申し込んでいます。マイページで確認できます。")) from None
        name = "participation_confirmed" if not full else "participation_waiting"
        transaction.on_commit(partial(_tell, name, participation))
    return participation


def participation_cancel(*, participation: Participation) -> Participation | None:
    """Give up a place (or a place on the waiting list). The first person waiting for that
    date is moved up and told. Returns the participation moved up, if any."""
    with transaction.atomic():
        offer = _lock(participation.activity_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if not participation.is_active:
            return None
        held_place = participation.status == Participation.Status.CONFIRMED
        participation.status = Participation.Status.CANCELLED
        participation.cancelled_at = timezone.now()
        participation.save(update_fields=["status", "cancelled_at"])
        if not held_place or offer is None:
            return None
        return _move_up(offer, participation.activity, participation.date)


def _move_up(
    offer: ParticipationSettings, activity: Activity, date: dt.date | None
) -> Participation | None:
    """Fill a freed place from the waiting list (inside the caller's lock)."""
    taken = Participation.objects.confirmed().for_slot(activity, date).count()
    if taken >= offer.capacity:
        return None
    first = Participation.objects.waiting().for_slot(activity, date).first()
    if first is None:
        return None
    first.status = Participation.Status.CONFIRMED
    first.confirmed_at = timezone.now()  # a series place counts on the dates from now on
    first.save(update_fields=["status", "confirmed_at"])
    transaction.on_commit(partial(_tell, "participation_moved_up", first))
    return first


def capacity_overfilled(
    offer: ParticipationSettings, capacity: int, *, today: dt.date | None = None
) -> Slot | None:
    """The fullest upcoming slot (a date from today, or the whole series) holding more
    confirmed places than `capacity`, if any: lowering the capacity below it would leave
    someone holding a place that is no longer there.

    Call it in the transaction that changes the capacity (the admin saves in one): the
    offer's row stays locked until it ends, as joining locks it, so that nobody takes a
    place between this count and the change it allows."""
    _lock(offer.activity_id)
    today = today or timezone.localdate()
    counts = (
        Participation.objects.confirmed()
        .filter(activity_id=offer.activity_id)
        .coming(today)
        .order_by()
        .values_list("date")
        .annotate(n=Count("pk"))
        .order_by("-n", "date")
    )
    fullest = counts.first()
    if fullest is None or fullest[1] <= capacity:
        return None
    return Slot(fullest[0], fullest[1], capacity)


def overfill_message(full: Slot) -> str:
    """Why a date may not be moved to that day (move_overfills)."""
    return _(
        "変更後の日に移すと、申込みが%(taken)d人になり、定員（%(capacity)d人）を"
        "超えます。定員を増やしてから変更するか、別の日を選んでください。"
    ) % {"taken": full.taken, "capacity": full.capacity}


def _lock(activity_id: int) -> ParticipationSettings | None:
    """The activity's ParticipationSettings row, locked until the transaction ends."""
    return ParticipationSettings.objects.select_for_update().filter(activity_id=activity_id).first()


def waiting_lists_move_up(
    *, offer: ParticipationSettings, today: dt.date | None = None
) -> list[Participation]:
    """After the capacity was raised: on every upcoming date (or the series), move people
    from the waiting list up, in the order they signed up, while there is room; each is told
    as after a cancellation. Returns those moved up."""
    today = today or timezone.localdate()
    moved: list[Participation] = []
    with transaction.atomic():
        offer = (
            ParticipationSettings.objects.select_for_update()
            .select_related("activity")
            .get(pk=offer.pk)
        )
        waiting = (
            Participation.objects.waiting()
            .filter(activity_id=offer.activity_id)
            .coming(today)
            .values_list("date", flat=True)
        )
        for date in sorted(set(waiting), key=lambda d: (d is None, d)):
            while (up := _move_up(offer, offer.activity, date)) is not None:
                moved.append(up)
    return moved


def participations_mark_attendance(
    *,
    activity: Activity,
    offer: ParticipationSettings | None,
    date: dt.date,
    attended_ids: Iterable[int],
) -> int:
    """Record who came (afterwards): the confirmed participants of the date, ticked or not;
    for an activity joined as a whole series, those who held a series place that day
    (series_roster). Returns how many came."""
    attended = set(attended_ids)
    if offer is not None and offer.is_series:
        with transaction.atomic():
            rows = series_roster(activity=activity, date=date)
            for row in rows:
                SeriesAttendance.objects.update_or_create(
                    participation=row, date=date, defaults={"attended": row.pk in attended}
                )
        return sum(1 for row in rows if row.pk in attended)
    rows = list(Participation.objects.confirmed().for_slot(activity, date))
    for row in rows:
        row.attended = row.pk in attended
    Participation.objects.bulk_update(rows, ["attended"])
    return sum(1 for row in rows if row.attended)


def series_roster(*, activity: Activity, date: dt.date) -> list[Participation]:
    """The series places held on `date`: held by that day (`confirmed_at`: on joining, or
    when moved up from the waiting list; the days waited do not count) and not cancelled
    before it (a place cancelled later still came, or not, that day), and any whose
    attendance is recorded for it; each with that day's attendance as `attended` (None: not
    recorded). Read to be shown: the series place's own `attended` stays empty, and these
    rows are never saved."""
    recorded = SeriesAttendance.objects.filter(participation__activity=activity, date=date)
    held = Q(status=Participation.Status.CONFIRMED) | Q(
        status=Participation.Status.CANCELLED, cancelled_at__date__gt=date
    )
    rows = list(
        Participation.objects.for_slot(activity, None)
        .filter(
            (held & Q(confirmed_at__date__lte=date)) | Q(pk__in=recorded.values("participation"))
        )
        .select_related("user")
        .order_by("created_at", "pk")
    )
    marks = dict(recorded.values_list("participation_id", "attended"))
    for row in rows:
        row.attended = marks.get(row.pk)
    return rows


def series_dates_held(*, activity: Activity, today: dt.date) -> list[dt.date]:
    """The dates of the whole series from SERIES_ATTENDANCE_DAYS ago to today, latest first,
    on which attendance may be recorded: its rule's dates less its days off and holidays (not
    less a pause, which came after them) or its sessions', less those called off or moved
    away, plus the days they were moved to, and any day whose attendance is recorded."""
    since = today - dt.timedelta(days=SERIES_ATTENDANCE_DAYS)
    if activity.is_recurring:
        ruled = activity.dates_between(since, today)
        off = activity.days_off_among(ruled, days_off=list(activity.days_off.all()), pause=False)
        dates = set(ruled) - off.keys()
    else:
        dates = {
            timezone.localdate(starts_at)
            for starts_at in activity.sessions.values_list("starts_at", flat=True)
        }
        dates = {date for date in dates if since <= date <= today}
    changes = list(
        OccurrenceChange.objects.filter(activity=activity).values_list("date", "moved_to")
    )
    dates = _changed(dates, changes, start=since, end=today)
    dates |= set(
        SeriesAttendance.objects.filter(
            participation__activity=activity, date__gte=since, date__lte=today
        ).values_list("date", flat=True)
    )
    return sorted(dates, reverse=True)


# --- A date called off or moved ----------------------------------------------------------------


@transaction.atomic
def occurrence_cancel(*, activity: Activity, date: dt.date, reason: str) -> int:
    """Call off one date: everyone holding or waiting for a place on it, or in the whole
    series, is told. Returns how many."""
    OccurrenceChange.objects.update_or_create(
        activity=activity,
        date=date,
        defaults={"kind": OccurrenceChange.Kind.CANCELLED, "reason": reason, "moved_to": None},
    )
    return _call_off(activity, {date: reason})


@transaction.atomic
def occurrences_gone(
    *,
    activity: Activity,
    dates: list[dt.date],
    moved_to: dict[dt.date, dt.date] | None = None,
) -> int:
    """Dates rebuilding the activity's dates took away (networks sends core.signals.
    occurrences_removed: a day off added, a pause, holidays now skipped, the rule or a
    session changed). A date whose sessions moved to another day (`moved_to`, all at once;
    it may still be held, another session having taken its day) moves, places and all, as
    occurrence_move moves one. The others are told exactly as a date called off: the places
    on them end (no longer upcoming in マイページ nor in the private calendar) and their
    holders and those waiting are e-mailed; those in the whole series are e-mailed which
    dates they lose. Each date is announced once (a rebuild that no longer had it announces
    nothing). Returns how many were told."""
    moved_to = moved_to or {}
    told = _sessions_moved(activity=activity, moves=moved_to)
    dates = [date for date in dates if date not in moved_to]
    changed = set(
        OccurrenceChange.objects.filter(activity=activity, date__in=dates).values_list(
            "date", flat=True
        )
    )
    dates = [date for date in dates if date not in changed]  # dealt with when called off
    joined = Participation.objects.active().filter(activity=activity)
    if not dates or not joined.filter(Q(date__in=dates) | Q(date__isnull=True)).exists():
        return told
    return told + _call_off(activity, _why_gone(activity, dates))


def _why_gone(activity: Activity, dates: list[dt.date]) -> dict[dt.date, str]:
    """The reason residents read for each date taken away, in the e-mails' language."""
    with translation.override(settings.LANGUAGE_CODE):
        off = activity.days_off_among(dates, days_off=list(activity.days_off.all()))
        reasons = {}
        for date in dates:
            if activity.is_paused_on(date):
                reasons[date] = (
                    _("活動の休止（%(reason)s）") % {"reason": activity.pause_reason}
                    if activity.pause_reason
                    else _("活動の休止")
                )
            elif date in off and activity.skips_holidays and off[date] == holiday_name(date):
                reasons[date] = _("祝日（%(name)s）のためお休み") % {"name": off[date]}
            elif date in off:
                reasons[date] = off[date]
            else:
                reasons[date] = _("開催日程の変更")
    return reasons


def _series_places(activity: Activity) -> list[Participation]:
    """Those holding or waiting for a place in the whole series (told of any date's change)."""
    return list(
        Participation.objects.active().for_slot(activity, None).select_related("user", "activity")
    )


def _call_off(activity: Activity, reasons: dict[dt.date, str]) -> int:
    """End the places on these dates and tell their holders (and those waiting); tell those
    in the whole series which dates they lose. Returns how many are told."""
    rows = list(
        Participation.objects.active()
        .filter(activity=activity, date__in=list(reasons))
        .select_related("user", "activity")
    )
    Participation.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=Participation.Status.CALLED_OFF
    )
    for row in rows:
        reason = reasons[row.date]
        transaction.on_commit(partial(_tell, "occurrence_cancelled", row, reason=reason))
    series = _series_places(activity)
    called_off = sorted(reasons.items())
    for row in series:
        transaction.on_commit(partial(_tell, "occurrence_cancelled", row, called_off=called_off))
    return len(rows) + len(series)


def occurrence_move(*, activity: Activity, date: dt.date, to: dt.date, reason: str) -> int:
    """Move one date to another day: the places move with it and their holders are told, as
    are those in the whole series. Someone who already holds a place on the new day keeps one
    place there (one per person and date), the better of the two: a held place before a place
    on the waiting list."""
    if to == date:
        raise ValidationError(_("変更後の開催日は、元の日と違う日にしてください。"))
    with transaction.atomic():
        _lock(activity.pk)  # as joining locks it: nobody takes a place on either day meanwhile
        OccurrenceChange.objects.update_or_create(
            activity=activity,
            date=date,
            defaults={"kind": OccurrenceChange.Kind.MOVED, "reason": reason, "moved_to": to},
        )
        # The new day takes place (again, if it had been called off or moved away)
        OccurrenceChange.objects.filter(activity=activity, date=to).delete()
        return _places_move(activity=activity, moves={date: to}, reason=reason)


def _places_move(*, activity: Activity, moves: dict[dt.date, dt.date], reason: str) -> int:
    """Move the places on each date of `moves` to its new day, all at once (inside the
    caller's lock), and tell their holders and those in the whole series. Dates may trade
    days (a swap) or each take the next one's (a shift): a place moves from the day it was
    on before, never twice. Where someone ends up with two places on one day, the better is
    kept: a held place before a place on the waiting list, one already there before one
    moved in, then the earlier. Returns how many are told."""
    rows = list(
        Participation.objects.active()
        .filter(activity=activity, date__in=list(moves))
        .select_related("user")
    )
    staying_days = [to for to in set(moves.values()) if to not in moves]
    staying = list(Participation.objects.active().filter(activity=activity, date__in=staying_days))
    landing: dict[tuple[dt.date, int], list[tuple[Participation, bool]]] = defaultdict(list)
    for row in rows:
        landing[(moves[row.date], row.user_id)].append((row, True))
    for row in staying:
        landing[(row.date, row.user_id)].append((row, False))
    given_up: set[int] = set()
    for held in landing.values():
        held.sort(
            key=lambda pair: (
                pair[0].status != Participation.Status.CONFIRMED,
                pair[1],  # moved in after one already there
                pair[0].created_at,
                pair[0].pk,
            )
        )
        given_up.update(row.pk for row, _moved in held[1:])
    Participation.objects.filter(pk__in=given_up).update(
        status=Participation.Status.CANCELLED, cancelled_at=timezone.now()
    )
    moving = [row for row in rows if row.pk not in given_up]
    groups: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    for row in moving:
        groups[(moves[row.date], row.status)].append(row.pk)
    if set(moves.values()) & moves.keys():
        # Days traded: set the places aside first (a cancelled place is in no one-place-per-
        # date check), or one moving onto a day would meet the same person's place moving off
        # it; each then takes its new day and its status back, in this transaction
        Participation.objects.filter(pk__in=[row.pk for row in moving]).update(
            status=Participation.Status.CANCELLED
        )
    for (to, status), pks in groups.items():
        Participation.objects.filter(pk__in=pks).update(date=to, status=status, reminded_for=None)
    for row in rows:  # each of them has one place on the new day now
        transaction.on_commit(
            partial(
                _tell, "occurrence_moved", row, on=moves[row.date], reason=reason, old_date=row.date
            )
        )
    series = _series_places(activity)
    for date, to in sorted(moves.items()):
        for row in series:
            transaction.on_commit(
                partial(_tell, "occurrence_moved", row, on=to, reason=reason, old_date=date)
            )
    return len(rows) + len(series) * len(moves)


def _sessions_moved(*, activity: Activity, moves: dict[dt.date, dt.date]) -> int:
    """Sessions' days were changed in the admin, in one save: their dates move together
    (places with them, everyone told), each but those already called off or moved by hand,
    and those nobody holds or waits for a place on, nor in the series (nothing to tell).
    A date no longer held is recorded as moved (OccurrenceChange, as occurrence_move records
    one); one that another session took (a swap, a shift along) still takes place, and is
    joined as any other. Returns how many were told."""
    if not moves:
        return 0
    with transaction.atomic():
        _lock(activity.pk)
        changed = set(
            OccurrenceChange.objects.filter(activity=activity, date__in=list(moves)).values_list(
                "date", flat=True
            )
        )
        joined = Participation.objects.active().filter(activity=activity)
        in_series = joined.filter(date__isnull=True).exists()
        held = set(joined.filter(date__in=list(moves)).values_list("date", flat=True))
        moves = {
            date: to
            for date, to in moves.items()
            if date not in changed and (in_series or date in held)
        }
        if not moves:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("開催日程の変更")
        still_held = set(
            ActivityOccurrence.objects.filter(activity=activity, date__in=list(moves)).values_list(
                "date", flat=True
            )
        )
        for date, to in moves.items():
            if date not in still_held:
                OccurrenceChange.objects.update_or_create(
                    activity=activity,
                    date=date,
                    defaults={
                        "kind": OccurrenceChange.Kind.MOVED,
                        "reason": reason,
                        "moved_to": to,
                    },
                )
        # The new days take place (again, if one had been called off or moved away)
        OccurrenceChange.objects.filter(activity=activity, date__in=list(moves.values())).delete()
        return _places_move(activity=activity, moves=moves, reason=reason)


def move_overfills(
    *,
    activity: Activity,
    date: dt.date,
    to: dt.date,
    moves: dict[dt.date, dt.date] | None = None,
) -> Slot | None:
    """The new day, if moving `date`'s places to `to` would leave it holding more places than
    the capacity (someone with a place on both days counted once): the coordinator raises
    the capacity first, or picks another day. `moves`: every date moved at the same time
    (this one included), as the admin moves sessions: places on a date moving off the new day
    are not counted there, those moving onto it from another date are. Locks as
    capacity_overfilled does, for the transaction that makes the move."""
    offer = _lock(activity.pk)
    if offer is None:
        return None
    moves = moves if moves is not None else {date: to}
    onto = [old for old, new in moves.items() if new == to]
    if to not in moves:  # places already there stay
        onto.append(to)
    holders = set(
        Participation.objects.confirmed()
        .filter(activity=activity, date__in=onto)
        .values_list("user_id", flat=True)
    )
    if len(holders) <= offer.capacity:
        return None
    return Slot(to, len(holders), offer.capacity)


# --- The day-before reminder -------------------------------------------------------------------


def participations_remind(*, today: dt.date | None = None) -> int:
    """E-mail everyone holding a place for tomorrow, once (`reminded_for` records it): the
    command may run any number of times a day."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    on_date = Participation.objects.confirmed().filter(date=tomorrow)
    # A series place covers tomorrow if a date is held then (one moved there included)
    with_series = Participation.objects.confirmed().filter(date__isnull=True).values("activity_id")
    candidates = set(
        ActivityOccurrence.objects.filter(date=tomorrow, activity_id__in=with_series).values_list(
            "activity_id", flat=True
        )
    ) | set(
        OccurrenceChange.objects.filter(moved_to=tomorrow, activity_id__in=with_series).values_list(
            "activity_id", flat=True
        )
    )
    held = series_dates(candidates, start=tomorrow, end=tomorrow)
    in_series = Participation.objects.confirmed().filter(
        date__isnull=True, activity_id__in=[pk for pk, dates in held.items() if dates]
    )
    sent = 0
    for row in (
        (on_date | in_series).exclude(reminded_for=tomorrow).select_related("user", "activity")
    ):
        # Claim the row first: a second run at the same time finds it claimed
        claimed = (
            Participation.objects.filter(pk=row.pk)
            .exclude(reminded_for=tomorrow)
            .update(reminded_for=tomorrow)
        )
        if claimed and _tell("participation_reminder", row, on=tomorrow):
            sent += 1
    return sent


# --- E-mails -------------------------------------------------------------------------------------


def _tell(name: str, participation: Participation, **extra: object) -> bool:
    """Send one e-mail about a participation; a failure is logged, never raised (the change
    is made; the person sees it in マイページ)."""
    user = participation.user
    activity = participation.activity
    context = {
        "name": user.name or user.email,
        "activity": activity,
        "date": extra.pop("on", None) or participation.date,
        "participation": participation,
        "activity_url": site_url(activity.get_absolute_url()),
        "me_url": site_url(reverse("nerizu:me")),
        **extra,
    }
    try:
        emails.send(name, context, to=[user.email])
    except Exception:
        logger.exception("Could not send %s for participation %s", name, participation.pk)
        return False
    return True


# --- The private calendar feed -------------------------------------------------------------------


def calendar_feed_reset(*, user: User) -> str:
    """Make a new secret for the user's feed (the old URL stops working) and return it: it is
    stored only as a hash, so this is the one moment it can be shown."""
    token = CalendarFeed.new_token()
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hash_token(token), "created_at": timezone.now()}
    )
    return token


def calendar_feed_owner(token: str) -> User | None:
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).select_related("user").first()
    return feed.user if feed is not None else None
