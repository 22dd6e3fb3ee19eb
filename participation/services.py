"""Workflows of taking part: join, cancel (moving the first on the waiting list up), mark
attendance, call off or move a date, remind the day before, and the private calendar feed.

Every change to who holds a place runs with the activity's ParticipationSettings row locked
(SELECT … FOR UPDATE), so two people taking the last place at once are served one after the
other: the second finds it full and goes on the waiting list. E-mails leave after the commit.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import emails
from core.links import site_url
from networks.models import Activity, ActivityOccurrence
from participation.models import (
    CalendarFeed,
    OccurrenceChange,
    Participation,
    ParticipationSettings,
    hash_token,
)

logger = logging.getLogger(__name__)


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


def joinable_dates(
    offer: ParticipationSettings, *, now: dt.datetime | None = None
) -> list[dt.date]:
    """The dates still open for joining: occurrences not past their closing time, not called
    off or moved."""
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
    return [d for d in dates if d not in changed and offer.closes_at(d) > now]


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
        if not joinable_dates(offer, now=now):
            raise ValidationError(_("これからの開催日がないため、申し込めません。"))
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
        offer = (
            ParticipationSettings.objects.select_for_update()
            .filter(activity_id=participation.activity_id)
            .first()
        )
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
    first.save(update_fields=["status"])
    transaction.on_commit(partial(_tell, "participation_moved_up", first))
    return first


def participations_mark_attendance(
    *, activity: Activity, date: dt.date | None, attended_ids: Iterable[int]
) -> int:
    """Record who came (afterwards): the confirmed participants of the date, ticked or not."""
    attended = set(attended_ids)
    rows = list(Participation.objects.confirmed().for_slot(activity, date))
    for row in rows:
        row.attended = row.pk in attended
    Participation.objects.bulk_update(rows, ["attended"])
    return sum(1 for row in rows if row.attended)


# --- A date called off or moved ----------------------------------------------------------------


@transaction.atomic
def occurrence_cancel(*, activity: Activity, date: dt.date, reason: str) -> int:
    """Call off one date: everyone holding or waiting for a place is told. Returns how many."""
    OccurrenceChange.objects.update_or_create(
        activity=activity,
        date=date,
        defaults={"kind": OccurrenceChange.Kind.CANCELLED, "reason": reason, "moved_to": None},
    )
    rows = list(Participation.objects.active().for_slot(activity, date).select_related("user"))
    Participation.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=Participation.Status.CALLED_OFF
    )
    for row in rows:
        transaction.on_commit(partial(_tell, "occurrence_cancelled", row, reason=reason))
    return len(rows)


@transaction.atomic
def occurrence_move(*, activity: Activity, date: dt.date, to: dt.date, reason: str) -> int:
    """Move one date to another day: the places move with it and their holders are told."""
    if to == date:
        raise ValidationError(_("変更後の開催日は、元の日と違う日にしてください。"))
    OccurrenceChange.objects.update_or_create(
        activity=activity,
        date=date,
        defaults={"kind": OccurrenceChange.Kind.MOVED, "reason": reason, "moved_to": to},
    )
    rows = list(Participation.objects.active().for_slot(activity, date).select_related("user"))
    Participation.objects.filter(pk__in=[r.pk for r in rows]).update(date=to, reminded_for=None)
    for row in rows:
        row.date = to
        transaction.on_commit(partial(_tell, "occurrence_moved", row, reason=reason, old_date=date))
    return len(rows)


# --- The day-before reminder -------------------------------------------------------------------


def participations_remind(*, today: dt.date | None = None) -> int:
    """E-mail everyone holding a place for tomorrow, once (`reminded_for` records it): the
    command may run any number of times a day."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    called_off = OccurrenceChange.objects.filter(date=tomorrow).values_list(
        "activity_id", flat=True
    )
    on_date = Participation.objects.confirmed().filter(date=tomorrow)
    series_ids = ActivityOccurrence.objects.filter(date=tomorrow).values_list(
        "activity_id", flat=True
    )
    in_series = Participation.objects.confirmed().filter(
        date__isnull=True, activity_id__in=series_ids
    )
    sent = 0
    for row in (
        (on_date | in_series)
        .exclude(reminded_for=tomorrow)
        .exclude(activity_id__in=called_off)
        .select_related("user", "activity")
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
