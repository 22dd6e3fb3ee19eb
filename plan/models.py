import hashlib
import json
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.easy_text import EasyFields, EasyText
from core.fiscal_year import REIWA_OFFSET


class SeededContent(models.Model):
    """Content first written by the seed loader (pillars/data/*.toml) and then owned by editors.

    `seed_digest` is the SHA-256 of the seeded fields as the loader last wrote them. If the
    fields still hash to it, nobody has edited the record since, and a new load may refresh
    it; otherwise an editor has changed it and only `load_plan --force` overwrites it.
    """

    SEED_FIELDS: ClassVar[tuple[str, ...]] = ()

    seed_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def seed_values(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.SEED_FIELDS}

    @staticmethod
    def digest(values: dict[str, Any]) -> str:
        payload = json.dumps(values, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def is_edited(self) -> bool:
        """True when the seeded fields differ from what the loader last wrote."""
        return self.digest(self.seed_values()) != self.seed_digest


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> "PlanQuerySet":
        return self.filter(is_published=True)

    def current(self) -> "Plan | None":
        """The plan residents see: the newest published one."""
        return self.published().order_by("-number").first()

    def current_pk(self) -> models.Subquery:
        """The current plan's pk, as a subquery: a page that only filters by the plan
        (`pillar__plan=Plan.objects.current_pk()`) reads it in the same query."""
        return models.Subquery(self.published().order_by("-number").values("pk")[:1])


class Plan(EasyText, SeededContent):
    """A community welfare activity plan (地域福祉活動計画); the portal shows the 6th."""

    SEED_FIELDS = (
        "name",
        "start_fiscal_year",
        "end_fiscal_year",
        "philosophy",
        "philosophy_subtitle",
        "background",
        "forces_intro",
        "hashtag_guide",
    )

    number = models.PositiveSmallIntegerField(_("次数"), unique=True, help_text=_("第6次なら 6。"))
    name = models.CharField(_("計画名"), max_length=100)
    start_fiscal_year = models.PositiveSmallIntegerField(
        _("計画期間（開始年度）"), help_text=_("西暦の年度。2025年度なら 2025。")
    )
    end_fiscal_year = models.PositiveSmallIntegerField(
        _("計画期間（終了年度）"), help_text=_("西暦の年度。2028年度なら 2028。")
    )
    philosophy = models.CharField(_("理念"), max_length=200)
    philosophy_subtitle = models.CharField(_("理念（副題）"), max_length=200, blank=True)
    background = models.TextField(_("計画の背景"), help_text=_("段落は空行で区切ります。"))
    forces_intro = models.TextField(
        _("3つの推進力の説明"), blank=True, help_text=_("段落は空行で区切ります。")
    )
    hashtag_guide = models.TextField(_("ハッシュタグの案内"), blank=True)
    is_published = models.BooleanField(_("公開"), default=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    easy = EasyFields(
        "philosophy", "philosophy_subtitle", "background", "forces_intro", "hashtag_guide"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("plan:detail")

    def clean(self) -> None:
        if (
            self.start_fiscal_year
            and self.end_fiscal_year
            and self.end_fiscal_year < self.start_fiscal_year
        ):
            raise ValidationError(
                {"end_fiscal_year": _("終了年度は開始年度と同じか、それより後にしてください。")}
            )

    @property
    def full_name(self) -> str:
        return f"第{self.number}次{self.name}"

    @property
    def philosophy_text(self) -> str:
        """The philosophy as the plan writes it: 本文～副題～."""
        if self.philosophy_subtitle:
            return f"{self.philosophy}～{self.philosophy_subtitle}～"
        return self.philosophy

    @property
    def start_reiwa(self) -> int:
        return self.start_fiscal_year - REIWA_OFFSET

    @property
    def end_reiwa(self) -> int:
        return self.end_fiscal_year - REIWA_OFFSET
