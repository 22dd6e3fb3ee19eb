"""Staff coming in and going out: invitations by 管理者, their acceptance, and off-boarding.

- `invitation_issue` (the admin's 「職員の招待」): stores the invitation with the SHA-256 of a
  random token and e-mails the invitee a link carrying the token, signed. The link works once,
  for STAFF_INVITATION_HOURS.
- `invitation_find` / `invitation_accept`: the invitee's link is checked, then their password
  creates the account — role group, team membership, e-mail address vouched for (the link
  proved it) — and marks the invitation used, in one transaction.
- `team_membership_remove` and `staff_offboarding_log`: leaving a team, and deactivation or the
  loss of a case role in the admin. Nothing about access is kept in the session (the
  permission helpers read teams and roles on each request), so it applies from the next
  request; the access log keeps a row for each event.

Every event is a row of the access log (AccessLog.Action.STAFF_*), the staff member concerned
named in its (encrypted) detail.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import TAKEN, InvitationUnusableError, User
from accounts.services import invitation_account_create
from consultations import permissions
from consultations.models import AccessLog, Case, StaffInvitation, TeamMembership
from consultations.services import access_log
from core import emails
from core.links import site_url


def _staff_detail(email: str, name: str, team: object = None, role: str = "") -> str:
    parts = [f"{name} <{email}>"]
    if team is not None:
        parts.append(gettext("チーム：%(team)s") % {"team": team})
    if role:
        parts.append(gettext("役割：%(role)s") % {"role": role})
    return " ".join(parts)


def invitation_validate(*, email: str) -> None:
    """Nobody is invited twice, nor an existing account (its roles are set in the admin)."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            gettext(
                "このメールアドレスの利用者はすでに登録されています。招待ではなく、"
                "管理画面の「利用者」で役割とチームを設定してください。"
            ),
            code="exists",
        )
    if StaffInvitation.objects.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            gettext(
                "このメールアドレスには、まだ使われていない招待があります。もう一度送るときは、"
                "その招待を選んで「招待をもう一度送る」を使ってください。"
            ),
            code="pending",
        )


def invitation_link(token: str) -> str:
    return site_url(reverse("onboarding:start", args=[token]))


def _send(invitation: StaffInvitation, token: str, by: User) -> None:
    """E-mail the link (stored in the outbox and queued: core/emails.py)."""
    emails.send(
        "staff_invitation",
        {
            "invitation": invitation,
            "link": invitation_link(token),
            "invited_by": by.name or by.email,
            "hours": settings.STAFF_INVITATION_HOURS,
        },
        to=[invitation.email],
    )


def invitation_issue(
    *, invitation: StaffInvitation, by: User, request: HttpRequest | None = None
) -> None:
    """Store a new invitation (email, name, team and role filled in by the 管理者) and e-mail
    its link."""
    if not permissions.can_manage_staff(by):
        raise PermissionDenied
    invitation_validate(email=invitation.email)
    invitation.created_by = by
    token = invitation.new_token()
    with transaction.atomic():
        invitation.save()
        access_log(
            user=by,
            action=AccessLog.Action.STAFF_INVITE,
            detail=_staff_detail(
                invitation.email, invitation.name, invitation.team, invitation.get_role_display()
            ),
            request=request,
        )
    _send(invitation, token, by)


def invitation_resend(
    *, invitation: StaffInvitation, by: User, request: HttpRequest | None = None
) -> None:
    """A new link with a new expiry for an invitation not yet used; the old link stops working."""
    if not permissions.can_manage_staff(by):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise InvitationUnusableError(StaffInvitation.State.ACCEPTED)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnusableError(TAKEN)
    with transaction.atomic():
        token = invitation.renew()
        access_log(
            user=by,
            action=AccessLog.Action.STAFF_INVITE,
            detail=gettext("再送 %(staff)s")
            % {"staff": _staff_detail(invitation.email, invitation.name, invitation.team)},
            request=request,
        )
    _send(invitation, token, by)


def invitation_revoke(
    *, invitation: StaffInvitation, by: User, request: HttpRequest | None = None
) -> None:
    """The link stops working (an invitation already used is left as it is)."""
    if not permissions.can_manage_staff(by):
        raise PermissionDenied
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        return
    with transaction.atomic():
        invitation.revoke()
        access_log(
            user=by,
            action=AccessLog.Action.STAFF_INVITE,
            detail=gettext("取り消し %(staff)s")
            % {"staff": _staff_detail(invitation.email, invitation.name, invitation.team)},
            request=request,
        )


def invitation_find(*, token: str) -> StaffInvitation | None:
    """The invitation a link names, whatever its state; None for a forged or mangled link."""
    return StaffInvitation.objects.select_related("team", "created_by").for_token(token)


def invitation_accept(
    *, invitation: StaffInvitation, password: str, request: HttpRequest | None = None
) -> User:
    """Create the invitee's account from a pending invitation: the password they chose (the
    form ran Django's validators), the role's group, membership of the team (supervisor for a
    主任相談員), the address confirmed; the invitation is used up. Raises
    InvitationUnusableError when it is no longer pending (used meanwhile, expired, revoked)."""
    with transaction.atomic():
        locked = StaffInvitation.objects.lock_pending(invitation.pk)
        user = invitation_account_create(invitation=locked, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=locked.role))
        TeamMembership.objects.create(
            user=user, team=locked.team, is_supervisor=locked.is_supervisor
        )
        locked.accepted_user = user
        locked.mark_accepted("accepted_user")
        access_log(
            user=user,
            action=AccessLog.Action.STAFF_JOIN,
            detail=_staff_detail(user.email, user.name, locked.team, locked.get_role_display()),
            request=request,
        )
    invitation.refresh_from_db()
    return user


# --- Off-boarding ------------------------------------------------------------------------------


def team_membership_remove(
    *, membership: TeamMembership, by: User, request: HttpRequest | None = None
) -> int:
    """The member leaves the team: from their next request on, the team's cases are out of
    their sight — except those still assigned to them by name (主担当・副担当), which the
    visibility rule (Case.objects.visible_to) keeps open to them until a supervisor assigns
    someone else. Returns how many open cases of the team that is (a number only: the 管理者
    sees no case). Deactivating the account ends everything at once."""
    staff = membership.user
    still_assigned = (
        Case.objects.open()
        .filter(team=membership.team)
        .filter(Q(primary_staff=staff) | Q(secondary_staff=staff))
        .count()
    )
    with transaction.atomic():
        staff, team = membership.user, membership.team
        if membership.pk is not None:
            membership.delete()
        access_log(
            user=by,
            action=AccessLog.Action.STAFF_TEAM_LEAVE,
            detail=_staff_detail(staff.email, staff.name, team),
            request=request,
        )
    return still_assigned


def staff_deactivate(*, staff: User, by: User, request: HttpRequest | None = None) -> None:
    """管理者 stop a staff member's access: the account is deactivated (Django refuses an inactive
    account on every request, so their open sessions end at their next request)."""
    if not permissions.can_manage_staff(by) or staff.pk == by.pk or staff.is_superuser:
        raise PermissionDenied
    with transaction.atomic():
        staff.is_active = False
        staff.save(update_fields=["is_active"])
        staff_offboarding_log(
            staff=staff, by=by, what=gettext("利用停止（有効を外した）"), request=request
        )


def staff_offboarding_log(
    *, staff: User, by: User, what: str, request: HttpRequest | None = None
) -> AccessLog:
    """Record that the admin took case access away from `staff` (`what`: deactivated, or
    no longer in a case role). The change itself is the admin's save."""
    return access_log(
        user=by,
        action=AccessLog.Action.STAFF_DEACTIVATE,
        detail=f"{_staff_detail(staff.email, staff.name)} {what}",
        request=request,
    )
