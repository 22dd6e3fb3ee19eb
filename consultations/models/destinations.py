"""Where a person is referred to (つなぎ先), configured in the admin (管理者)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralDestination(models.Model):
    """Where a person is referred to (つなぎ先): a network member or another organisation."""

    name = models.CharField(_("名称"), max_length=200)
    kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    member = models.ForeignKey(
        "networks.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ネットの会員"),
        help_text=_("ねりま社会福祉法人等のネットの会員なら選んでください。"),
    )
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("つなぎ先")
        verbose_name_plural = _("つなぎ先")
        ordering = ["kana", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_network_member(self) -> bool:
        return self.member_id is not None
