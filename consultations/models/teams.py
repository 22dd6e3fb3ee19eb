"""Teams of consultation staff and who belongs to them (configured in the admin; 管理者)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A team of consultation staff (自立相談支援, 生活福祉資金, 地域福祉)."""

    name = models.CharField(_("名前"), max_length=50, unique=True)
    slug = models.SlugField(_("URL名"), unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    members = models.ManyToManyField(
        "accounts.User",
        through="TeamMembership",
        related_name="consultation_teams",
        verbose_name=_("メンバー"),
    )

    class Meta:
        verbose_name = _("チーム")
        verbose_name_plural = _("チーム")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("職員"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("チーム")
    )
    is_supervisor = models.BooleanField(
        _("主任相談員"),
        default=False,
        help_text=_("チームのすべてのケース（制限ケースを含む）を見られます。"),
    )

    class Meta:
        verbose_name = _("チームのメンバー")
        verbose_name_plural = _("チームのメンバー")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="unique_team_membership")
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.user}"
