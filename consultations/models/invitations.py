"""Invitations of consultation staff: how a 管理者 brings a new 相談員 or 主任相談員 in.

The invitee gets an e-mail with a link that works once and until `expires_at`
(accounts.models.InvitationBase: the signed token, only its SHA-256 stored).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import InvitationBase, User
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


class StaffInvitation(InvitationBase):
    link_salt = "consultations.staff_invitation"

    class Role(models.TextChoices):
        # The values are the role groups' names (accounts/roles.py).
        CONSULTATION_STAFF = CONSULTATION_STAFF, _("相談員")
        SUPERVISOR = SUPERVISOR, _("主任相談員（チームの主任）")

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("チーム")
    )
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    # Only a 管理者 invites staff: the base's field, named for them
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("招待した管理者"),
    )
    accepted_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成された利用者"),
    )

    class Meta(InvitationBase.Meta):
        verbose_name = _("職員の招待")
        verbose_name_plural = _("職員の招待")

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR
