from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plan.models import SeededContent


class DrivingForce(SeededContent):
    """One of the plan's three driving forces (推進力): ネリーズ, the network, coordinators."""

    SEED_FIELDS = ("name", "lead", "body")

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="driving_forces", verbose_name=_("計画")
    )
    number = models.PositiveSmallIntegerField(_("番号（表示順）"))
    slug = models.SlugField(_("URL名"), help_text=_("ページのアドレスに使う英字（例：nerizu）。"))
    name = models.CharField(_("名前"), max_length=100, help_text=_("例：ネリーズ"))
    lead = models.TextField(_("紹介文"), help_text=_("名前のすぐ下と体系図に表示する短い説明。"))
    body = models.TextField(_("本文"), blank=True, help_text=_("段落は空行で区切ります。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("推進力")
        verbose_name_plural = _("推進力")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_force_number"),
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_force_slug"),
        ]

    def __str__(self) -> str:
        return f"推進力{self.number}「{self.name}」"

    def get_absolute_url(self) -> str:
        return reverse("networks:force", kwargs={"slug": self.slug})
