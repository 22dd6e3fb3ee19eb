"""Who may do what with consultation data: the one place that answers it.

Inquiries and cases hold what residents told us about their lives (要配慮個人情報). The rules:

- Case data needs a role that works with cases (相談員 or 主任相談員, accounts/roles.py) AND
  a second factor passed in this very session (an enrolled TOTP or WebAuthn authenticator,
  checked at this login or since: accounts/second_factor.py). Without both: nothing, whatever
  door the session came in by.
- Which cases: `Case.objects.visible_to(user)` (consultations/models.py), the one visibility
  rule, which uses `team_roles` below. Every helper here about a single case agrees with it.
- Supervisors (a TeamMembership with is_supervisor, and the 主任相談員 role) see their team's
  access log, reports, exports and disclosure documents.
- Coordinators see no case data; administrators configure, and see cases only through the
  admin's break-glass view, which records their reason.

Results are cached on the user object, which lives for one request.
"""

from typing import TYPE_CHECKING, Any, TypeGuard

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

if TYPE_CHECKING:
    from consultations.models import Case, Person, Team

AnyUser = User | AnonymousUser


def _active(user: AnyUser) -> TypeGuard[User]:
    """A signed-in, active user."""
    return bool(user.is_authenticated and user.is_active)


def has_enrolled_second_factor(user: AnyUser) -> bool:
    """A TOTP or WebAuthn authenticator exists (recovery codes alone do not count)."""
    if not _active(user):
        return False
    cached = getattr(user, "_consultations_mfa", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
        # A per-object cache that the User model does not declare.
        setattr(user, "_consultations_mfa", cached)  # noqa: B010
    return cached


def passed_second_factor(user: AnyUser) -> bool:
    """This session checked the user's TOTP code or security key, which is still enrolled.
    Enrolment alone is not enough (accounts/second_factor.py)."""
    return bool(getattr(user, "second_factor_passed", False)) and has_enrolled_second_factor(user)


def can_view_inquiries(user: AnyUser) -> bool:
    """The triage queue of inquiries from the public form (staff with MFA)."""
    return bool(
        _active(user)
        and user.is_staff
        and user.has_perm("consultations.view_inquiry")
        and passed_second_factor(user)
    )


def can_change_inquiries(user: AnyUser) -> bool:
    """Change the handling status (the content a resident sent is never editable)."""
    return can_view_inquiries(user) and user.has_perm("consultations.change_inquiry")


def has_case_access(user: AnyUser) -> bool:
    """Works with cases at all: a case role (not merely superuser) and MFA."""
    if not _active(user) or user.is_superuser:
        # Superusers hold every permission implicitly; the visibility rule does not trust
        # that. They see cases through the break-glass view only.
        return False
    return user.has_perm("consultations.view_case") and passed_second_factor(user)


def team_roles(user: AnyUser) -> dict[int, bool]:
    """{team id: is supervisor} for the user's teams; supervision needs the role as well."""
    if not _active(user):
        return {}
    cached = getattr(user, "_consultations_team_roles", None)
    if cached is None:
        from consultations.models import TeamMembership

        may_supervise = user.has_perm("consultations.supervise_case")
        cached = {
            team_id: bool(supervisor and may_supervise)
            for team_id, supervisor in TeamMembership.objects.filter(user=user).values_list(
                "team_id", "is_supervisor"
            )
        }
        setattr(user, "_consultations_team_roles", cached)  # noqa: B010  (as above)
    return cached


def is_supervisor_of(user: AnyUser, team_or_case: "Team | Case | None" = None) -> bool:
    """Supervises the given team (or the case's team); with no argument: supervises any team."""
    if not has_case_access(user):
        return False
    roles = team_roles(user)
    if team_or_case is None:
        return any(roles.values())
    team_id = getattr(team_or_case, "team_id", None) or team_or_case.pk
    return roles.get(team_id, False)


def can_see_case(user: AnyUser, case: "Case") -> bool:
    """The visibility rule for one case already loaded (same answer as visible_to)."""
    return has_case_access(user) and _within_rule(user, case)


def may_be_assigned(user: AnyUser, case: "Case") -> bool:
    """Could this colleague see the case once signed in with their second factor? (Choosing
    an assignee asks about a person, not about the session they happen to be in.)"""
    return (
        _active(user)
        and not user.is_superuser
        and user.has_perm("consultations.view_case")
        and has_enrolled_second_factor(user)
        and _within_rule(user, case)
    )


def _within_rule(user: AnyUser, case: "Case") -> bool:
    if user.pk in (case.primary_staff_id, case.secondary_staff_id):
        return True
    roles = team_roles(user)
    if case.team_id not in roles:
        return False
    return roles[case.team_id] or not case.is_restricted


def can_change_case(user: AnyUser, case: "Case") -> bool:
    """Record entries, referrals, tasks and status changes on a case one may see."""
    return can_see_case(user, case) and user.has_perm("consultations.change_case")


def can_create_case(user: AnyUser) -> bool:
    return (
        has_case_access(user) and user.has_perm("consultations.add_case") and bool(team_roles(user))
    )


def can_view_access_log(user: AnyUser, case: "Case") -> bool:
    """Who opened this case: the team's supervisors."""
    return is_supervisor_of(user, case)


def can_export(user: AnyUser) -> bool:
    """CSV exports and reports: supervisors of some team (data limited by visible_to)."""
    return is_supervisor_of(user) and user.has_perm("consultations.export_case")


def can_disclose(user: AnyUser, person: "Person") -> bool:
    """ "Everything we hold on this person": a supervisor who may see one of their cases."""
    if not can_export(user):
        return False
    from consultations.models import Case

    return Case.objects.visible_to(user).filter(person=person).exists()


def can_break_glass(user: AnyUser) -> bool:
    """管理者 may read cases in the admin after recording a reason (logged)."""
    return bool(
        _active(user)
        and user.is_staff
        and user.has_perm("consultations.break_glass_case")
        and passed_second_factor(user)
    )


def forget_cached(user: Any) -> None:
    """Drop the per-request caches (tests and long-lived objects after a role change)."""
    for attribute in ("_consultations_mfa", "_consultations_team_roles", "_perm_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)
