import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import InvitationBase
from core.easy_text import EasyFields, EasyText
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


# --- Near me: stations and places on the map ------------------------------------------------


# Japan from Okinotorishima to Etorofu: a latitude typed as longitude (or the reverse) is
# caught here rather than placing the marker in the sea.
LATITUDE_RANGE = (20, 46)
LONGITUDE_RANGE = (122, 154)


def _range_validators(
    bounds: tuple[int, int], message: StrOrPromise
) -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(bounds[0], message), MaxValueValidator(bounds[1], message)]


class Coordinates(models.Model):
    """A point on the map: latitude and longitude, both or neither (picked on a map in the
    admin, see networks.admin.LocatedAdminMixin)."""

    latitude = models.DecimalField(
        _("緯度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=_range_validators(
            LATITUDE_RANGE,
            _("緯度は20から46までの数で入力してください（経度と逆ではありませんか）。"),
        ),
        help_text=_("地図をクリックすると入ります。例：35.737700"),
    )
    longitude = models.DecimalField(
        _("経度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=_range_validators(
            LONGITUDE_RANGE,
            _("経度は122から154までの数で入力してください（緯度と逆ではありませんか）。"),
        ),
        help_text=_("地図をクリックすると入ります。例：139.654200"),
    )

    class Meta:
        abstract = True

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def location_errors(self) -> dict[str, StrOrPromise]:
        """Both coordinates or neither: half a location puts no marker anywhere."""
        if self.latitude is not None and self.longitude is None:
            return {"longitude": _("緯度を入れたときは経度も入力してください。")}
        if self.longitude is not None and self.latitude is None:
            return {"latitude": _("経度を入れたときは緯度も入力してください。")}
        return {}

    def clean(self) -> None:
        errors = self.location_errors()
        if errors:
            raise ValidationError(errors)


class Station(KanaNamed, Coordinates):
    """A railway station residents name when they say where they are (練馬, 光が丘 …): lists
    filter by it and the 居場所マップ groups by it. Kept by coordinators in the admin."""

    lines = models.CharField(
        _("路線"), max_length=200, blank=True, help_text=_("例：西武池袋線・都営大江戸線")
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("駅")
        verbose_name_plural = _("駅")
        ordering = ["name_kana", "pk"]

    def __str__(self) -> str:
        return self.name


class Located(Coordinates):
    """A place residents go: a point on the map and its nearest stations. Activities and
    facilities are Located; so can be any other place (a contact point)."""

    stations = models.ManyToManyField(
        Station, blank=True, verbose_name=_("最寄り駅")
    )  # reverse accessors: station.activity_set, station.facility_set

    class Meta:
        abstract = True


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
    last_confirmed_on = models.DateField(_("情報の確認日"), null=True, blank=True)
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


class Facility(KanaNamed, Located):
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
    last_confirmed_on = models.DateField(_("情報の確認日"), null=True, blank=True)
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
    "title_easy",  # on やさしい日本語 pages (core/easy_text.py)
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
    "latitude",  # the list's map
    "longitude",
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
        self, start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None
    ) -> "ActivityQuerySet":
        """Those taking place from start to end (either end may be open), each with `next_on`
        its first date in the range (what a card shows), in that order.

        From today on, the stored `next_date` (the first date from today, or none: see
        upcoming_first) answers for most rows without looking at their dates: in the range,
        it is the first date in it; after the range, or none, there is no date in it. Only
        rows whose stored date comes before the start (or has passed) are looked up."""
        dates = ActivityOccurrence.objects.filter(activity=models.OuterRef("pk"))
        if start:
            dates = dates.filter(date__gte=start)
        if end:
            dates = dates.filter(date__lte=end)
        first = models.Subquery(dates.order_by("date").values("date")[:1])
        today = today or timezone.localdate()
        if not start or start < today:
            return (
                self.annotate(next_on=first).filter(models.Exists(dates)).order_by("next_on", "pk")
            )
        stored_in_range = models.Q(next_date__gte=start)
        if end:
            stored_in_range &= models.Q(next_date__lte=end)
        next_on = models.Case(
            models.When(next_date__gte=start, then=models.F("next_date")),
            default=first,
            output_field=models.DateField(),
        )
        looked_up = models.Q(next_date__lt=start) & models.Exists(dates)
        matching = self.annotate(next_on=next_on).filter(stored_in_range | looked_up)
        if start == today:
            # From today, `next_on` is the stored date but on a row whose date has passed
            # (which upcoming_first puts first too): ordered by the column, the list is a walk
            # of its index stopped after the page's rows, not a sort of every match.
            return matching.order_by("next_date", "pk")
        return matching.order_by("next_on", "pk")


class Activity(EasyText, Located):
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
    easy = EasyFields("title", "description", "how_to_join")

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
            # A list filtered by district and theme reads those rows only (a district holds
            # a quarter of the activities, a theme a third of those), and on PostgreSQL
            # counts them from the index alone, dates included (what 「活動 n件」 reads)
            models.Index(
                fields=["district", "theme", "next_date"],
                include=["is_listed", "organiser", "id"],
                name="activity_district_theme",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:activity", pk=self.pk)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = self.location_errors()
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
        self, dates: "list[dt.date]", *, days_off: "list[ActivityDayOff]", pause: bool = True
    ) -> dict[dt.date, str]:
        """Which of `dates` the activity does not take place on, each with the reason a
        resident reads: 休止中, a listed day off (its reason), a national holiday (its name).
        Days off and holidays apply to a rule (毎週・毎月); a pause to dated sessions too.
        `pause=False` leaves the pause out (dates that passed before it began)."""
        off: dict[dt.date, str] = {}
        for date in dates:
            if pause and self.is_paused_on(date):
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
    # The coordinator's own account (never shown publicly): told of the stories posted in
    # these districts, and writes to their ネリーズ. Set by an administrator.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinator_profile",
        limit_choices_to={"is_staff": True},
        verbose_name=_("アカウント"),
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


# --- Contact points (窓口): where residents reach the council by phone, FAX or in person ------


@dataclass(frozen=True, order=True)
class OpeningSlot:
    opens: dt.time
    closes: dt.time

    def __str__(self) -> str:
        return f"{_clock(self.opens)}〜{_clock(self.closes)}"


@dataclass(frozen=True)
class OpeningStatus:
    """What a contact point is at a moment: open (until `closes_at`), or closed until
    `next_opening` (None: no opening within a year, e.g. no hours entered)."""

    is_open: bool
    closes_at: dt.datetime | None
    next_opening: dt.datetime | None


@dataclass(frozen=True)
class DaySchedule:
    """A day as a contact point shows it: its hours, or why it is closed and when it opens
    next. It depends on the date alone, never the time of day, so a page showing it stays right
    all day long (the page cache keys pages on the date: core/pagecache.py)."""

    date: dt.date
    slots: list[OpeningSlot]
    closure: str  # 「年末年始」, 「元日」, or "" (closed that weekday, or open)
    next_day: dt.date | None  # the next day with hours, when closed this day
    next_slots: list[OpeningSlot]


class ContactPointQuerySet(models.QuerySet):
    def listed(self) -> "ContactPointQuerySet":
        return self.filter(is_listed=True)

    def with_schedule(self) -> "ContactPointQuerySet":
        """Everything the schedule methods read, in two more queries for any number of rows."""
        return self.select_related("district").prefetch_related("opening_hours", "closures")


class ContactPoint(EasyText, Located):
    """A contact point (窓口) of the council: the head office or a district office, on the
    map with its nearest stations (Located)."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("例：練馬区社会福祉協議会 本所"))
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_points",
        verbose_name=_("地区"),
        help_text=_("地区の事務所なら、その地区。本所（区全体の窓口）は空欄。"),
    )
    postal_code = models.CharField(
        _("郵便番号"),
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(r"^\d{3}-?\d{4}$", _("郵便番号は 123-4567 の形で入力してください。"))
        ],
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True, validators=[phone_validator])
    fax = models.CharField(_("FAX番号"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("メールアドレス"), blank=True)
    closed_on_holidays = models.BooleanField(
        _("祝日は休み"), default=True, help_text=_("国民の祝日・振替休日・国民の休日は閉まります。")
    )
    hours_note = models.CharField(
        _("受付時間の補足"), max_length=200, blank=True, help_text=_("例：受付は閉所の15分前まで")
    )
    access = models.TextField(
        _("交通"), blank=True, help_text=_("最寄り駅・バス停と、そこからの道のり。")
    )
    step_free_access = models.TextField(
        _("バリアフリー"),
        blank=True,
        help_text=_("段差、エレベーター、車いす用トイレ、駐車場など。"),
    )
    notes = models.TextField(_("その他のお知らせ"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_listed = models.BooleanField(_("公開"), default=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    easy = EasyFields("hours_note", "access", "step_free_access", "notes")

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("窓口")
        verbose_name_plural = _("窓口")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:contact_point", pk=self.pk)

    @property
    def phone_link(self) -> str:
        """The number for a `tel:` link: digits only (full-width ones made half-width)."""
        return dial(self.phone)

    # The schedule. Reads `opening_hours` and `closures` through .all(), so a list made with
    # ContactPoint.objects.with_schedule() asks nothing more of the database.

    def closure_on(self, date: dt.date) -> str:
        """Why it is closed all that day (「年末年始」, 「元日」), or "" when it is not."""
        for closure in self.closures.all():
            if closure.starts_on <= date <= closure.ends_on:
                return closure.label
        if self.closed_on_holidays:
            return holiday_name(date) or ""
        return ""

    def hours_on(self, date: dt.date) -> list[OpeningSlot]:
        """The opening hours of that day, earliest first; [] when it is closed."""
        if self.closure_on(date):
            return []
        return sorted(
            OpeningSlot(row.opens, row.closes)
            for row in self.opening_hours.all()
            if row.weekday == date.weekday()
        )

    def next_open_day(self, date: dt.date, *, within_days: int = 366) -> dt.date | None:
        """The first day from `date` (itself included) with opening hours."""
        for offset in range(within_days):
            day = date + dt.timedelta(days=offset)
            if self.hours_on(day):
                return day
        return None

    def day_schedule(self, date: dt.date) -> DaySchedule:
        slots = self.hours_on(date)
        if slots:
            return DaySchedule(date, slots, "", None, [])
        next_day = self.next_open_day(date + dt.timedelta(days=1))
        next_slots = self.hours_on(next_day) if next_day else []
        return DaySchedule(date, [], self.closure_on(date), next_day, next_slots)

    def weekly_hours(self) -> list[tuple[str, list[OpeningSlot]]]:
        """Each weekday (Monday first) with its usual hours; [] for a day it is closed."""
        return [
            (
                str(label),
                sorted(
                    OpeningSlot(row.opens, row.closes)
                    for row in self.opening_hours.all()
                    if row.weekday == weekday
                ),
            )
            for weekday, label in WEEKDAY_CHOICES
        ]

    def status_at(self, moment: dt.datetime) -> OpeningStatus:
        """Open or closed at that moment (any time zone; read in Asia/Tokyo): open from
        `opens` up to but not including `closes`."""
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        for slot in self.hours_on(local.date()):
            if slot.opens <= local.time() < slot.closes:
                return OpeningStatus(True, _at(local.date(), slot.closes, zone), None)
            if local.time() < slot.opens:
                return OpeningStatus(False, None, _at(local.date(), slot.opens, zone))
        day = self.next_open_day(local.date() + dt.timedelta(days=1))
        if day is None:
            return OpeningStatus(False, None, None)
        return OpeningStatus(False, None, _at(day, self.hours_on(day)[0].opens, zone))


def _clock(time: dt.time) -> str:
    """「8:30」, as Japanese notices write opening hours."""
    return f"{time.hour}:{time.minute:02d}"


def _at(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def dial(number: str) -> str:
    """A phone number for a `tel:` link: digits only (full-width ones made half-width)."""
    half_width = number.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return "".join(c for c in half_width if c.isdigit())


WEEKDAY_CHOICES = [
    (0, _("月曜日")),
    (1, _("火曜日")),
    (2, _("水曜日")),
    (3, _("木曜日")),
    (4, _("金曜日")),
    (5, _("土曜日")),
    (6, _("日曜日")),
]


class OpeningHours(models.Model):
    """One span of a weekday's opening hours (two rows for a day with a lunch break)."""

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=WEEKDAY_CHOICES)
    opens = models.TimeField(_("開始"))
    closes = models.TimeField(_("終了"))

    class Meta:
        verbose_name = _("受付時間")
        verbose_name_plural = _("受付時間（曜日ごと）")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}〜{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("終了は開始より後の時刻にしてください。")})


class Closure(models.Model):
    """Days a contact point is closed besides its weekly schedule: 年末年始, a move…"""

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="closures"
    )
    label = models.CharField(_("理由"), max_length=50, help_text=_("例：年末年始"))
    starts_on = models.DateField(_("休みの初日"))
    ends_on = models.DateField(_("休みの最終日"))

    class Meta:
        verbose_name = _("休みの期間")
        verbose_name_plural = _("休みの期間（年末年始など）")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.label} {self.starts_on}〜{self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("最終日は初日と同じか後の日付にしてください。")})


# --- Member organisations' editors and their proposals (networks/editing.py) ----------------


class MemberEditor(models.Model):
    """An account that keeps one member organisation's entries (法人・団体の編集担当)."""

    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="member_editor",
        verbose_name=_("利用者"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="editors", verbose_name=_("会員")
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now)
    # The month of the last 「確認のお願い」 reminder (remind_member_editors sends one a month)
    reminded_on = models.DateField(_("確認のお願いを送った日"), null=True, blank=True)

    class Meta:
        verbose_name = _("会員の編集担当")
        verbose_name_plural = _("会員の編集担当")
        ordering = ["member", "pk"]

    def __str__(self) -> str:
        return f"{self.member} / {self.user}"


class EditorInvitation(InvitationBase):
    """A coordinator's invitation of an editor for a member (accounts.models.InvitationBase, as
    consultations.StaffInvitation: a signed random token in the link, only its SHA-256 stored,
    usable once until expiry)."""

    link_salt = "networks.editor_invitation"

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("会員")
    )

    class Meta(InvitationBase.Meta):
        verbose_name = _("編集担当の招待")
        verbose_name_plural = _("編集担当の招待")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def pending(self) -> "ProposalQuerySet":
        return self.filter(state=Proposal.State.PENDING)


class Proposal(models.Model):
    """An editor's change to one of its organisation's entries (or a new one), waiting for a
    coordinator: `before` and `after` hold the editable fields' values (JSON), so the review
    shows the comparison and approving applies exactly the fields that changed.

    A proposal is closed once, by one person: a coordinator approves it or sends it back, or
    one of the organisation's editors withdraws it while it waits. `state` says which;
    `decided_by` and `decided_at` say who and when. Nothing is deleted: the history stays."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("法人・団体の情報")
        FACILITY = "facility", _("施設・事業所")
        ACTIVITY = "activity", _("活動")

    class State(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        APPROVED = "approved", _("承認済み")
        SENT_BACK = "sent_back", _("差し戻し")
        WITHDRAWN = "withdrawn", _("取り下げ")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("会員")
    )
    kind = models.CharField(_("対象"), max_length=10, choices=Kind.choices)
    # The facility's or activity's pk (the member's for MEMBER); None: a new one
    target_id = models.PositiveIntegerField(_("対象のID"), null=True, blank=True)
    before = models.JSONField(_("変更前"), default=dict, blank=True)
    after = models.JSONField(_("変更後"), default=dict)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.TextField(_("差し戻しの理由"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提案した人"),
    )
    created_at = models.DateTimeField(_("提案日時"), default=timezone.now)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("処理した人"),
    )
    decided_at = models.DateTimeField(_("処理日時"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("変更の提案")
        verbose_name_plural = _("変更の提案")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="proposal_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def is_new(self) -> bool:
        return self.target_id is None

    @property
    def title(self) -> str:
        """The entry's name as proposed (new entries have no other)."""
        return str(self.after.get("title") or self.after.get("name") or self.before.get("name", ""))


# The network's meetings live in their own module (networks/meetings.py)
from networks.meetings import Meeting, MeetingAttendance, MeetingDocument  # noqa: E402, F401
