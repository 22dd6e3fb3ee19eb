"""Progress of the plan's action items and their yearly evaluation (点検・評価).

How progress and status are computed from these records is in progress/computation.py (and
in README.md, "Progress and yearly evaluation").
"""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fiscal_year import fiscal_year_label
from networks.models import Member

FISCAL_YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def _fiscal_year_field(**kwargs: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        _("年度"),
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_("西暦の年度（4月〜翌年3月）。2025年度なら 2025。"),
        **kwargs,
    )


class Status(models.TextChoices):
    """Where an action item stands."""

    NOT_STARTED = "not_started", _("未着手")
    IN_PROGRESS = "in_progress", _("実施中")
    ACHIEVED = "achieved", _("達成")
    UNDER_REVIEW = "under_review", _("見直し")


# --- Milestones and indicators ----------------------------------------------------------------


class Milestone(models.Model):
    """A step of an action item, done on a date."""

    action_item = models.ForeignKey(
        "pillars.ActionItem",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("取組項目"),
    )
    title = models.CharField(_("マイルストーン"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    target_date = models.DateField(_("目標日"), null=True, blank=True)
    done_on = models.DateField(
        _("達成日"), null=True, blank=True, help_text=_("達成したら日付を入れます。")
    )
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("マイルストーン")
        verbose_name_plural = _("マイルストーン")
        ordering = ["action_item", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def mark_done(self, *, on: dt.date) -> None:
        """Done on the given day (kept if it was done already)."""
        if self.done_on is None:
            self.done_on = on
            self.save(update_fields=["done_on"])


class Indicator(models.Model):
    """A measured quantity (指標) of an action item, with a baseline and a target for FY2028.

    A manual indicator's yearly actual values are typed in (IndicatorValue). A computed one
    counts what the portal already holds: the live count for the current fiscal year, and
    for past years the snapshot `record_indicator_snapshots` took on 31 March.
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("手入力（年度ごとの実績値）")
        ACTIVITIES = "activities", _("活動・参加の機会の数（テーマ別）")
        NERIZU = "nerizu", _("ネリーズの登録人数（地区別）")
        MEMBERS = "members", _("ねりま社会福祉法人等のネットの会員数（種別）")
        PARTICIPANTS = "participants", _("活動に出席した人の延べ人数（今年度、テーマ・地区別）")

    action_item = models.ForeignKey(
        "pillars.ActionItem",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("取組項目"),
    )
    name = models.CharField(
        _("指標"), max_length=200, help_text=_("例：ネットにつながる居場所の数")
    )
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例：か所、人、回"))
    baseline = models.DecimalField(
        _("基準値"), max_digits=12, decimal_places=2, help_text=_("計画を始めたときの値。")
    )
    target = models.DecimalField(_("目標値（2028年度）"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("実績値の求め方"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    theme = models.ForeignKey(
        "networks.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("テーマ"),
        help_text=_("「活動・参加の機会の数」のとき。空欄ならすべてのテーマ。"),
    )
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地区"),
        help_text=_("地区の指標なら選びます。空欄なら区全体。数える指標はこの地区だけを数えます。"),
    )
    member_kind = models.CharField(
        _("会員の種別"),
        max_length=20,
        blank=True,
        choices=[("", _("すべての種別")), *Member.Kind.choices],
        help_text=_("「ネットの会員数」のとき。空欄ならすべての種別。"),
    )
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["action_item", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.action_item.title}）"

    @property
    def is_computed(self) -> bool:
        return self.source != self.Source.MANUAL

    def clean(self) -> None:
        errors = {}
        if self.theme_id and self.source not in (self.Source.ACTIVITIES, self.Source.PARTICIPANTS):
            errors["theme"] = _(
                "テーマは「活動・参加の機会の数」「活動に出席した人の延べ人数」のときだけ選べます。"
            )
        if self.member_kind and self.source != self.Source.MEMBERS:
            errors["member_kind"] = _("会員の種別は「ネットの会員数」のときだけ選べます。")
        if errors:
            raise ValidationError(errors)


class IndicatorValue(models.Model):
    """The actual value of a manual indicator in one fiscal year (typed by a coordinator)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("指標")
    )
    fiscal_year = _fiscal_year_field()
    value = models.DecimalField(_("実績値"), max_digits=12, decimal_places=2)
    note = models.CharField(_("備考"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("指標の実績値")
        verbose_name_plural = _("指標の実績値")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="unique_indicator_value_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {fiscal_year_label(self.fiscal_year)}"

    def clean(self) -> None:
        if self.indicator_id and self.indicator.is_computed:
            raise ValidationError(
                {
                    "indicator": _(
                        "この指標はポータルのデータから自動で数えるため、実績値は入力できません。"
                    )
                }
            )


class IndicatorSnapshot(models.Model):
    """A computed indicator's count at the end of a fiscal year (record_indicator_snapshots)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("指標")
    )
    fiscal_year = _fiscal_year_field()
    value = models.DecimalField(_("実績値"), max_digits=12, decimal_places=2)
    recorded_at = models.DateTimeField(_("記録日時"), default=timezone.now)

    class Meta:
        verbose_name = _("指標の年度末の記録")
        verbose_name_plural = _("指標の年度末の記録")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="unique_indicator_snapshot_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {fiscal_year_label(self.fiscal_year)}"


# --- Status override --------------------------------------------------------------------------

REASON_REQUIRED = _("状態を手動で決めるときは、理由を入力してください。")


class StatusOverride(models.Model):
    """A coordinator's decision about an action item's status, which replaces the computed one
    (e.g. 見直し while the plan is reconsidered). It always says why, who and when."""

    action_item = models.OneToOneField(
        "pillars.ActionItem",
        on_delete=models.CASCADE,
        related_name="status_override",
        verbose_name=_("取組項目"),
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices)
    reason = models.TextField(
        _("理由"),
        help_text=_("なぜ自動で求めた状態と違うのかを、区民に伝わる言葉で。"),
        error_messages={"blank": REASON_REQUIRED, "null": REASON_REQUIRED},
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("設定した人"),
    )
    set_at = models.DateTimeField(_("設定日時"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("状態の手動設定")
        verbose_name_plural = _("状態の手動設定")
        ordering = ["-set_at"]

    def __str__(self) -> str:
        return f"{self.action_item}：{self.get_status_display()}"

    def clean(self) -> None:
        # An empty reason is refused by the field itself (blank=False); spaces alone too.
        if self.reason and not self.reason.strip():
            raise ValidationError({"reason": REASON_REQUIRED}, code="required")


# --- Timeline ---------------------------------------------------------------------------------


def timeline_photo_path(instance: object, filename: str) -> str:
    """A random name: nothing about the uploader or the original file survives in it."""
    return f"timeline/{uuid.uuid4().hex}.jpg"


class TimelineEntry(models.Model):
    """A dated step in an action item's story, with an optional photo (re-encoded on upload)."""

    action_item = models.ForeignKey(
        "pillars.ActionItem",
        on_delete=models.CASCADE,
        related_name="timeline_entries",
        verbose_name=_("取組項目"),
    )
    date = models.DateField(_("日付"))
    title = models.CharField(_("見出し"), max_length=200)
    text = models.TextField(_("本文"), blank=True, help_text=_("段落は空行で区切ります。"))
    # Re-encoded JPEG without metadata (core/images.py), served by progress:timeline_photo.
    photo = models.ImageField(_("写真"), upload_to=timeline_photo_path, blank=True)
    photo_alt = models.CharField(
        _("写真の説明"), max_length=200, blank=True, help_text=_("写真が見えない方のための説明。")
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("経過（タイムライン）")
        verbose_name_plural = _("経過（タイムライン）")
        ordering = ["action_item", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("写真の説明を入力してください。")})


# --- Yearly evaluation (点検・評価) -------------------------------------------------------------


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def published(self) -> "EvaluationQuerySet":
        return self.filter(is_published=True)


class Evaluation(models.Model):
    """An action item's self-evaluation for one fiscal year."""

    class Grade(models.TextChoices):
        A = "A", _("A：計画以上に進んだ")
        B = "B", _("B：おおむね計画どおりに進んだ")
        C = "C", _("C：一部に遅れや課題がある")
        D = "D", _("D：大きく遅れている・見直しが必要")

    fiscal_year = _fiscal_year_field()
    action_item = models.ForeignKey(
        "pillars.ActionItem",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("取組項目"),
    )
    grade = models.CharField(_("自己評価"), max_length=1, choices=Grade.choices)
    done = models.TextField(_("取り組んだこと"))
    issues = models.TextField(_("見えてきた課題"), blank=True)
    next_direction = models.TextField(_("次年度の方向性"), blank=True)
    is_published = models.BooleanField(_("公開"), default=False)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("点検・評価（取組項目）")
        verbose_name_plural = _("点検・評価（取組項目）")
        ordering = ["-fiscal_year", "action_item__pillar__number", "action_item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "action_item"], name="unique_evaluation_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year_label} {self.action_item}"

    def get_absolute_url(self) -> str:
        return reverse("progress:evaluation", kwargs={"fiscal_year": self.fiscal_year})

    @property
    def year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def grade_meaning(self) -> str:
        return str(self.get_grade_display()).split("：", 1)[-1]


class PillarComment(models.Model):
    """The evaluation committee's comment on a pillar for one fiscal year."""

    fiscal_year = _fiscal_year_field()
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.CASCADE,
        related_name="committee_comments",
        verbose_name=_("柱"),
    )
    comment = models.TextField(_("委員会のコメント"), help_text=_("段落は空行で区切ります。"))
    is_published = models.BooleanField(_("公開"), default=False)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    class Meta:
        verbose_name = _("点検・評価（柱への委員会コメント）")
        verbose_name_plural = _("点検・評価（柱への委員会コメント）")
        ordering = ["-fiscal_year", "pillar__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "pillar"], name="unique_pillar_comment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.pillar}"
