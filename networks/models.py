import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.kana import gojuon_row, reading_or_derived
from core.links import cached_reverse
from core.national_holidays import holiday_name

phone_validator = RegexValidator(
    r"^[0-9０-９\-－()（） ]{6,20}$",
    _("電話番号は数字とハイフンで入力してください（例：03-1234-5678）。"),
)


# --- Reference data: districts, themes, target groups (rows made by migrations) --------------


class ReferenceData(models.Model):
    name = models.CharField(_("名前"), max_length=50, unique=True)
    slug = models.SlugField(_("URL名"), unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class District(ReferenceData):
    """One of the ward's four districts (地区): 練馬, 光が丘, 石神井, 大泉."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("地区")
        verbose_name_plural = _("地区")


class Theme(ReferenceData):
    """A ward-wide theme of the network: 就労体験, 交流の場・居場所づくり, 福祉教育."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("テーマ")
        verbose_name_plural = _("テーマ")


class TargetGroup(ReferenceData):
    """Whom a facility or activity is for: 高齢者, 障害者, 子ども."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("対象")
        verbose_name_plural = _("対象")


# --- The network's directory -----------------------------------------------------------------


class KanaNamed(models.Model):
    """A name with a kana reading, listed in 五十音 order and indexed by row (あ行, か行 …)."""

    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(
        _("よみがな"),
        max_length=200,
        blank=True,
        help_text=_("五十音順に並べるためのひらがな。空欄なら自動で付けます。"),
    )
    kana_row = models.CharField(_("五十音の行"), max_length=1, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_reading()
        super().save(*args, **kwargs)

    def fill_reading(self) -> None:
        """Set the kana reading (typed or derived) and its index row; bulk_create skips save()."""
        self.name_kana = reading_or_derived(self.name_kana, self.name)
        self.kana_row = gojuon_row(self.name_kana)


class ListedQuerySet(models.QuerySet):
    def listed(self) -> "ListedQuerySet":
        return self.filter(is_listed=True)

    def in_gojuon_order(self) -> "ListedQuerySet":
        """五十音 order of the reading, then names without kana (英数字・その他), as the index."""
        without_kana = models.Case(
            models.When(kana_row="", then=models.Value(1)), default=models.Value(0)
        )
        return self.order_by(without_kana, "name_kana", "pk")

    def public(self) -> "ListedQuerySet":
        """What residents may see: listed here and, for facilities and activities, whose
        organisation is listed too (an unlisted member hides everything it runs)."""
        return self.listed()


class FacilityQuerySet(ListedQuerySet):
    def public(self) -> "FacilityQuerySet":
        return self.filter(is_listed=True, member__is_listed=True)


class Member(KanaNamed):
    """An organisation in ねりま社会福祉法人等のネット."""

    class Kind(models.TextChoices):
        SOCIAL_WELFARE_CORPORATION = "corporation", _("社会福祉法人")
        NPO = "npo", _("NPO")
        COMMISSIONERS_COUNCIL = "commissioners", _("民生児童委員協議会")
        COMMUNITY_GROUP = "community", _("地域活動団体")
        OTHER = "other", _("その他")

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    districts = models.ManyToManyField(District, related_name="members", verbose_name=_("地区"))
    website = models.URLField(_("ウェブサイト"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True, validators=[phone_validator])
    joined_on = models.DateField(_("加入日"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="members", verbose_name=_("参加しているテーマ")
    )
    description = models.TextField(_("紹介"), blank=True)
    is_listed = models.BooleanField(_("公開"), default=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ListedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会員（法人・団体）")
        verbose_name_plural = _("会員（法人・団体）")
        ordering = ["name_kana", "pk"]
        indexes = [models.Index(fields=["kana_row", "name_kana"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:member", pk=self.pk)


class Facility(KanaNamed):
    """A facility or office (施設・事業所) run by a member."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="facilities", verbose_name=_("運営法人")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="facilities", verbose_name=_("対象")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("地区")
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True, validators=[phone_validator])
    opening_notes = models.TextField(_("開所日・時間"), blank=True)
    accessibility_notes = models.TextField(
        _("バリアフリー情報"), blank=True, help_text=_("段差、車いす用トイレ、駐車場など。")
    )
    is_listed = models.BooleanField(_("公開"), default=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("施設・事業所")
        verbose_name_plural = _("施設・事業所")
        ordering = ["name_kana", "pk"]
        indexes = [
            models.Index(fields=["kana_row", "name_kana"]),
            # Counting what residents see (「施設・事業所 n件」) reads this index alone
            models.Index(fields=["is_listed", "member"], name="facility_listed"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:facility", pk=self.pk)


# --- Activities and opportunities ------------------------------------------------------------

WEEKDAYS = ["月", "火", "水", "木", "金", "土", "日"]  # Python's weekday(): Monday is 0


# What includes/activity_cards.html reads of an activity (its title, kind, schedule, next date,
# whom it is for, the sample badge) and of its theme, district and organiser.
CARD_FIELDS = (
    "title",
    "kind",
    "open_to_all",
    "schedule",
    "weekdays",
    "weeks_of_month",
    "start_time",
    "end_time",
    "next_date",
    "is_paused",
    "resumes_on",
    "is_listed",
    "is_sample",
    "theme__name",
    "district__name",
    "organiser__name",
    "organiser__is_listed",
)


class ActivityQuerySet(ListedQuerySet):
    def public(self) -> "ActivityQuerySet":
        return self.filter(is_listed=True, organiser__is_listed=True)

    def for_listing(self) -> "ActivityQuerySet":
        """Everything an activity card renders, in a fixed number of queries."""
        # audiences as a list (to_attr): a card reads it without a manager and a queryset.
        # Only the columns a card shows: the long texts (descriptions, how to join, the
        # organiser's profile) are neither read from the database nor decoded per row.
        return (
            self.select_related("theme", "district", "organiser")
            .only(*CARD_FIELDS)
            .prefetch_related(models.Prefetch("audiences", to_attr="listed_audiences"))
        )

    def upcoming_first(self, *, today: dt.date | None = None) -> "ActivityQuerySet":
        """Annotate `next_on` (the next date it takes place) and order by it, undated last.

        The order is the stored `next_date` (an index scan). A stored date that has passed
        (the day changed since it was set; `activities_roll_next_dates` or the nightly
        `refresh_occurrences` moves it on) is never shown: `next_on` looks that row's next
        date up in its occurrences instead.
        """
        today = today or timezone.localdate()
        probe = (
            ActivityOccurrence.objects.filter(activity=models.OuterRef("pk"), date__gte=today)
            .order_by("date")
            .values("date")[:1]
        )
        next_on = models.Case(
            models.When(next_date__lt=today, then=models.Subquery(probe)),
            default=models.F("next_date"),
            output_field=models.DateField(),
        )
        return self.annotate(next_on=next_on).order_by(
            models.F("next_date").asc(nulls_last=True), "pk"
        )

    def taking_place_between(
        self, start: dt.date | None, end: dt.date | None
    ) -> "ActivityQuerySet":
        """Those taking place from start to end (either end may be open), each with `next_on`
        its first date in the range (what a card shows), in that order."""
        dates = ActivityOccurrence.objects.filter(activity=models.OuterRef("pk"))
        if start:
            dates = dates.filter(date__gte=start)
        if end:
            dates = dates.filter(date__lte=end)
        first = models.Subquery(dates.order_by("date").values("date")[:1])
        return self.annotate(next_on=first).filter(models.Exists(dates)).order_by("next_on", "pk")


class Activity(models.Model):
    """An opportunity offered through the network: a programme, a place to belong, an event."""

    class Kind(models.TextChoices):
        WORK_EXPERIENCE = "work_experience", _("就労体験")
        PLACE_TO_BELONG = "place_to_belong", _("居場所")
        WELFARE_EDUCATION = "welfare_education", _("福祉教育")
        EVENT = "event", _("イベント")

    class Schedule(models.TextChoices):
        DATED = "dated", _("日付を指定")
        WEEKLY = "weekly", _("毎週")
        MONTHLY = "monthly", _("毎月（第何週）")

    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="activities", verbose_name=_("テーマ")
    )
    organiser = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="activities", verbose_name=_("主催")
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("会場（施設）"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="activities", verbose_name=_("地区")
    )
    venue = models.CharField(
        _("会場"), max_length=200, blank=True, help_text=_("施設以外で開くときの会場名と住所。")
    )
    audiences = models.ManyToManyField(
        TargetGroup, blank=True, related_name="activities", verbose_name=_("対象")
    )
    open_to_all = models.BooleanField(_("どなたでも参加できる"), default=False)
    description = models.TextField(_("内容"), blank=True)
    schedule = models.CharField(
        _("日程の決め方"), max_length=10, choices=Schedule.choices, default=Schedule.DATED
    )
    weekdays = models.JSONField(
        _("曜日"), default=list, blank=True, help_text=_("毎週・毎月のときの曜日。")
    )
    weeks_of_month = models.JSONField(
        _("第何週"), default=list, blank=True, help_text=_("毎月のとき：第1〜第5。")
    )
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    schedule_note = models.CharField(
        _("日程の補足"), max_length=200, blank=True, help_text=_("例：祝日はお休み")
    )
    skips_holidays = models.BooleanField(
        _("祝日は休み"),
        default=False,
        help_text=_("毎週・毎月の日程で、国民の祝日（振替休日を含む）は開催しません。"),
    )
    # 休止: no date until the resume date (or none at all while it is not known)
    is_paused = models.BooleanField(_("休止中"), default=False)
    pause_reason = models.CharField(
        _("休止の理由"), max_length=200, blank=True, help_text=_("例：会場の改修工事のため")
    )
    resumes_on = models.DateField(
        _("再開日"),
        null=True,
        blank=True,
        help_text=_("決まっていれば入力します。この日から開催に戻ります。"),
    )
    fee = models.CharField(_("参加費"), max_length=100, blank=True, help_text=_("例：無料、100円"))
    how_to_join = models.TextField(_("参加方法"), blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    hashtags = models.ManyToManyField(
        "pillars.Hashtag", blank=True, related_name="activities", verbose_name=_("ハッシュタグ")
    )
    last_confirmed_on = models.DateField(_("情報の確認日"), null=True, blank=True)
    # The first occurrence from today, what the lists sort by; kept by networks/services.py
    next_date = models.DateField(_("次の開催日"), null=True, blank=True, editable=False)
    is_listed = models.BooleanField(_("公開"), default=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("活動・参加の機会")
        verbose_name_plural = _("活動・参加の機会")
        ordering = ["pk"]
        indexes = [
            # Upcoming first is a walk of this index (undated, NULL, last), not a probe per row
            models.Index(fields=["next_date", "id"], name="activity_next_date"),
            # Counting what residents see (the list's 「活動 n件」) reads this index alone
            models.Index(fields=["is_listed", "organiser"], name="activity_listed"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:activity", pk=self.pk)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.schedule in (self.Schedule.WEEKLY, self.Schedule.MONTHLY) and not self.weekdays:
            errors["weekdays"] = _("曜日を選んでください。")
        if self.schedule == self.Schedule.MONTHLY and not self.weeks_of_month:
            errors["weeks_of_month"] = _("第何週かを選んでください。")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
        if not set(self.weekdays or []) <= set(range(7)):
            errors["weekdays"] = _("曜日の指定が正しくありません。")
        if not set(self.weeks_of_month or []) <= set(range(1, 6)):
            errors["weeks_of_month"] = _("第何週の指定が正しくありません。")
        if self.is_paused and not self.pause_reason.strip():
            errors["pause_reason"] = _("休止の理由を入力してください。")
        if not self.is_paused and self.resumes_on:
            errors["resumes_on"] = _("再開日は「休止中」のときだけ入力します。")
        if errors:
            raise ValidationError(errors)

    @property
    def public_facility(self) -> Facility | None:
        """The venue, if residents may see it: listed, and run by a listed member."""
        facility = self.facility
        if facility is not None and facility.is_listed and facility.member.is_listed:
            return facility
        return None

    @property
    def is_recurring(self) -> bool:
        return self.schedule != self.Schedule.DATED

    @property
    def theme_repeats_kind(self) -> bool:
        """Whether its theme has its kind's name: a card then says it once (「就労体験」,
        not 「就労体験・就労体験」)."""
        return self.theme.name == str(self.get_kind_display())

    def is_paused_on(self, date: dt.date) -> bool:
        """Whether the pause (休止) covers the date: from now until the resume date, if any."""
        return self.is_paused and (self.resumes_on is None or date < self.resumes_on)

    @property
    def paused_now(self) -> bool:
        return self.is_paused_on(timezone.localdate())

    def days_off_among(
        self, dates: "list[dt.date]", *, days_off: "list[ActivityDayOff]"
    ) -> dict[dt.date, str]:
        """Which of `dates` the activity does not take place on, each with the reason a
        resident reads: 休止中, a listed day off (its reason), a national holiday (its name).
        Days off and holidays apply to a rule (毎週・毎月); a pause to dated sessions too."""
        off: dict[dt.date, str] = {}
        for date in dates:
            if self.is_paused_on(date):
                off[date] = str(_("休止中"))
                continue
            if not self.is_recurring:
                continue
            listed = next((day for day in days_off if day.covers(date)), None)
            if listed is not None:
                off[date] = listed.reason or str(_("お休み"))
            elif self.skips_holidays and (name := holiday_name(date)):
                off[date] = name
        return off

    def days_off_between(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """The dates its rule falls on from start to end that it has off, with the reasons."""
        dates = self.dates_between(start, end)
        return self.days_off_among(dates, days_off=list(self.days_off.all()))

    @property
    def has_days_off(self) -> bool:
        """Whether anything but the rule itself may take a date away (no query)."""
        return self.is_paused or self.skips_holidays

    @property
    def time_text(self) -> str:
        if not self.start_time:
            return ""
        end = f"〜{self.end_time:%H:%M}" if self.end_time else "〜"
        return f"{self.start_time:%H:%M}{end}"

    @property
    def recurrence_text(self) -> str:
        """The rule as residents read it: 「毎月第2・第4金曜日 10:00〜12:00」."""
        if not self.is_recurring:
            return ""
        days = "・".join(WEEKDAYS[d] for d in sorted(self.weekdays)) + "曜日"
        if self.schedule == self.Schedule.MONTHLY:
            weeks = "・".join(f"第{w}" for w in sorted(self.weeks_of_month))
            text = f"毎月{weeks}{days}"
        else:
            text = f"毎週{days}"
        return f"{text} {self.time_text}".strip()

    def dates_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The dates a recurring rule falls on, from start to end inclusive."""
        if not self.is_recurring:
            return []
        days = []
        day = start
        while day <= end:
            week_of_month = (day.day - 1) // 7 + 1
            if day.weekday() in self.weekdays and (
                self.schedule == self.Schedule.WEEKLY or week_of_month in self.weeks_of_month
            ):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


class ActivitySession(models.Model):
    """One dated session of an activity (for activities with dates, not a rule)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("活動")
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    note = models.CharField(_("補足"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("開催日")
        verbose_name_plural = _("開催日")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("終了日時は開始日時より後にしてください。")})


class ActivityOccurrence(models.Model):
    """A date an activity takes place, derived from its sessions or its rule.

    Kept so lists can filter by date and sort by the next date in SQL. Rebuilt by
    networks.services.activity_refresh_occurrences on every save and nightly by
    `manage.py refresh_occurrences` (which rolls the recurring window forward).
    """

    HORIZON_DAYS: ClassVar[int] = 180

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="occurrences", editable=False
    )
    date = models.DateField(db_index=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="unique_occurrence")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date}"


class ActivityDayOff(models.Model):
    """A day, or a run of days, a recurring activity takes off (年末年始, the hall closed)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="days_off", verbose_name=_("活動")
    )
    start_date = models.DateField(_("休みの日"))
    end_date = models.DateField(
        _("休みの最終日"),
        null=True,
        blank=True,
        help_text=_("年末年始のように何日か続くときの最後の日。1日だけなら空欄。"),
    )
    reason = models.CharField(
        _("理由"), max_length=100, blank=True, help_text=_("例：年末年始、会場の点検")
    )

    MAX_DAYS: ClassVar[int] = 366

    class Meta:
        verbose_name = _("休みの日")
        verbose_name_plural = _("休みの日")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date}〜{self.end_date}"
        return str(self.start_date)

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date

    def covers(self, date: dt.date) -> bool:
        return self.start_date <= date <= self.last_date

    def clean(self) -> None:
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError(
                    {"end_date": _("休みの最終日は、休みの日と同じ日か後の日にしてください。")}
                )
            if (self.end_date - self.start_date).days >= self.MAX_DAYS:
                raise ValidationError(
                    {"end_date": _("1年を超えるお休みは「休止中」にしてください。")}
                )


class Coordinator(models.Model):
    """A community welfare coordinator's public profile."""

    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    photo = models.ImageField(_("写真"), upload_to="coordinators/", blank=True)
    photo_alt = models.CharField(
        _("写真の説明"), max_length=200, blank=True, help_text=_("写真が見えない方のための説明。")
    )
    districts = models.ManyToManyField(
        District, related_name="coordinators", verbose_name=_("担当地区")
    )
    strengths = models.CharField(_("得意なこと"), max_length=200, blank=True)
    message = models.TextField(_("ひとこと"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_listed = models.BooleanField(_("公開"), default=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    objects = ListedQuerySet.as_manager()

    class Meta:
        verbose_name = _("地域福祉コーディネーター")
        verbose_name_plural = _("地域福祉コーディネーター")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


# The network's meetings live in their own module (networks/meetings.py)
from networks.meetings import Meeting, MeetingAttendance, MeetingDocument  # noqa: E402, F401
