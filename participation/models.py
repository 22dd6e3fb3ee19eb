"""Taking part in an activity: what an activity takes (ParticipationSettings), who joined
(Participation) and, for a place in the whole series, who came on each date
(SeriesAttendance), a date that was called off or moved (OccurrenceChange) and each
resident's private calendar feed (CalendarFeed).

Participations name the activity and the date, not an ActivityOccurrence row: occurrences are
rebuilt from the activity's rule or sessions on every save (networks.services), and a rebuild
must never lose who joined. A participation in the whole series has no date.
"""

import datetime as dt
import hashlib
import secrets
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Activity

TOKYO = ZoneInfo("Asia/Tokyo")


class ParticipationSettings(models.Model):
    """Whether and how residents join an activity through the portal (the coordinator, or
    later the organising member, decides in the admin)."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("参加者")
        HELPER = "helper", _("お手伝い（ボランティア）")

    class Scope(models.TextChoices):
        OCCURRENCE = "occurrence", _("開催日ごとに申し込む")
        SERIES = "series", _("全日程を通して申し込む")

    activity = models.OneToOneField(
        Activity,
        on_delete=models.CASCADE,
        related_name="participation_settings",
        verbose_name=_("活動"),
    )
    is_open = models.BooleanField(_("申込みを受け付ける"), default=True)
    role = models.CharField(_("募集する人"), max_length=20, choices=Role, default=Role.PARTICIPANT)
    scope = models.CharField(
        _("申込みの単位"), max_length=20, choices=Scope, default=Scope.OCCURRENCE
    )
    capacity = models.PositiveIntegerField(
        _("定員"), help_text=_("開催日ごと（全日程のときは全体）の人数。")
    )
    question = models.CharField(
        _("申込み時の質問"),
        max_length=200,
        blank=True,
        help_text=_("例：アレルギーはありますか。空欄なら質問しません。"),
    )
    closes_hours_before = models.PositiveIntegerField(
        _("締切（開始の何時間前）"), default=24, help_text=_("0なら開始時刻まで受け付けます。")
    )

    class Meta:
        verbose_name = _("参加の受付")
        verbose_name_plural = _("参加の受付")

    def __str__(self) -> str:
        return str(self.activity)

    @property
    def is_series(self) -> bool:
        return self.scope == self.Scope.SERIES

    def starts_at(self, date: dt.date) -> dt.datetime:
        """When the activity begins on `date` (the start of the day without a start time)."""
        return dt.datetime.combine(date, self.activity.start_time or dt.time(0), tzinfo=TOKYO)

    def closes_at(self, date: dt.date) -> dt.datetime:
        return self.starts_at(date) - dt.timedelta(hours=self.closes_hours_before)


class ParticipationQuerySet(models.QuerySet):
    def active(self) -> "ParticipationQuerySet":
        """Holding a place or waiting for one (not cancelled)."""
        return self.filter(status__in=Participation.ACTIVE)

    def confirmed(self) -> "ParticipationQuerySet":
        return self.filter(status=Participation.Status.CONFIRMED)

    def waiting(self) -> "ParticipationQuerySet":
        return self.filter(status=Participation.Status.WAITING).order_by("created_at", "pk")

    def for_slot(self, activity: Activity, date: dt.date | None) -> "ParticipationQuerySet":
        """One date's participations (or, date None, those in the whole series)."""
        return self.filter(activity=activity, date=date)

    def coming(self, today: dt.date) -> "ParticipationQuerySet":
        """On a date from `today` on, or in the whole series."""
        return self.filter(Q(date__gte=today) | Q(date__isnull=True))

    def upcoming_for(self, user: object, *, today: dt.date) -> "ParticipationQuerySet":
        """A person's own places and waiting-list entries from today, soonest first."""
        return (
            self.active()
            .filter(user=user)
            .coming(today)
            .select_related("activity", "activity__organiser", "activity__facility__member")
            .order_by(models.F("date").asc(nulls_last=True), "pk")
        )


class Participation(models.Model):
    """A resident's place (or place on the waiting list) on one date of an activity, or in
    the whole series (date empty)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("参加予定")
        WAITING = "waiting", _("キャンセル待ち")
        CANCELLED = "cancelled", _("取消し")
        CALLED_OFF = "called_off", _("開催中止")

    ACTIVE: ClassVar[tuple[str, str]] = (Status.CONFIRMED, Status.WAITING)

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participations", verbose_name=_("活動")
    )
    date = models.DateField(_("開催日"), null=True, blank=True, help_text=_("空欄は全日程。"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("参加者"),
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status, default=Status.CONFIRMED)
    answer = models.TextField(_("質問への回答"), blank=True)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    created_at = models.DateTimeField(_("申込日時"), default=timezone.now)
    # When the place was held: on joining, or when moved up from the waiting list (empty while
    # waiting). A place in the whole series counts on the dates from then on (series_roster)
    confirmed_at = models.DateTimeField(_("参加確定日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    # The date the day-before reminder was sent for (send_participation_reminders): sent once
    reminded_for = models.DateField(_("前日のお知らせを送った開催日"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("参加")
        verbose_name_plural = _("参加")
        ordering = ["date", "created_at", "pk"]
        permissions = [
            ("contact_participation", _("参加者の連絡先を見る")),
            ("export_participation", _("参加者名簿をCSVで書き出す")),
        ]
        constraints = [
            # Joining twice: one active place per person and date (and per series)
            models.UniqueConstraint(
                fields=["activity", "date", "user"],
                condition=Q(status__in=["confirmed", "waiting"], date__isnull=False),
                name="one_active_participation_per_date",
            ),
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(status__in=["confirmed", "waiting"], date__isnull=True),
                name="one_active_participation_per_series",
            ),
        ]
        indexes = [models.Index(fields=["activity", "date", "status"], name="participation_slot")]

    def __str__(self) -> str:
        return f"{self.activity} {self.date or ''} {self.user}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A place held from the start was held when asked for (moving up sets its own time)
        if self._state.adding and self.status == self.Status.CONFIRMED and not self.confirmed_at:
            self.confirmed_at = self.created_at
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class SeriesAttendance(models.Model):
    """Whether someone with a place in the whole series came on one of its dates (a place on
    one date says so itself: Participation.attended)."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="series_attendance",
        verbose_name=_("参加"),
    )
    date = models.DateField(_("開催日"))
    attended = models.BooleanField(_("出席"))

    class Meta:
        verbose_name = _("全日程の出席")
        verbose_name_plural = _("全日程の出席")
        ordering = ["date", "participation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "date"], name="one_attendance_per_series_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation} {self.date}"


class OccurrenceChange(models.Model):
    """One date of an activity called off (中止) or moved to another day (変更), with the
    reason residents are told. Kept apart from ActivityOccurrence, which is rebuilt."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("中止")
        MOVED = "moved", _("日程変更")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="occurrence_changes",
        verbose_name=_("活動"),
    )
    date = models.DateField(_("開催日"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind)
    moved_to = models.DateField(_("変更後の開催日"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=200)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("開催日の中止・変更")
        verbose_name_plural = _("開催日の中止・変更")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="one_change_per_occurrence")
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.date} {self.get_kind_display()}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A resident's private iCalendar feed: the secret in its URL is stored only as a hash,
    so the URL is shown once (when made) and can be replaced, which ends the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("利用者"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("発行日時"), default=timezone.now)

    class Meta:
        verbose_name = _("個人カレンダー")
        verbose_name_plural = _("個人カレンダー")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
