"""Invitations of consultation staff: how a 管理者 brings a new 相談員 or 主任相談員 in.

The invitee gets an e-mail with a link that works once and until `expires_at`. The link
carries a random token, signed (a forged or mistyped link is refused before any lookup);
only the token's SHA-256 is stored, so the table alone opens nothing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR
from consultations.models.teams import Team
from core.crypto import token_digest  # noqa: F401 (consultations.models exports it)


class StaffMember(User):
    """Consultation staff as 管理者 see them in the admin: who they are, their teams and role,
    and one thing to do — stop their access (off-boarding). The rest of an account (rights,
    superuser status) stays with the superuser's user page."""

    class Meta:
        proxy = True
        verbose_name = _("相談職員")
        verbose_name_plural = _("相談職員（利用停止）")


class StaffInvitationQuerySet(models.QuerySet["StaffInvitation"]):
    def pending(self) -> "StaffInvitationQuerySet":
        """Neither used nor revoked nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class StaffInvitation(models.Model):
    class Role(models.TextChoices):
        # The values are the role groups' names (accounts/roles.py).
        CONSULTATION_STAFF = CONSULTATION_STAFF, _("相談員")
        SUPERVISOR = SUPERVISOR, _("主任相談員（チームの主任）")

    class State(models.TextChoices):
        PENDING = "pending", _("未使用")
        ACCEPTED = "accepted", _("使用済み")
        EXPIRED = "expired", _("期限切れ")
        REVOKED = "revoked", _("取り消し")

    email = models.EmailField(_("メールアドレス"))
    name = models.CharField(_("氏名"), max_length=150)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("チーム")
    )
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("招待した日時"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("招待した管理者"),
    )
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("使用した日時"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成された利用者"),
    )
    revoked_at = models.DateTimeField(_("取り消した日時"), null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("職員の招待")
        verbose_name_plural = _("職員の招待")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR
