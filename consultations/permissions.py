"""Who may do what with consultation data: the one place that answers it.

Inquiries and cases hold what residents told us about their lives (要配慮個人情報). The rules:

- Case data needs a role that works with cases (相談員 or 主任相談員, accounts/roles.py) AND
  a second factor passed in this very session (an enrolled TOTP or WebAuthn authenticator,
  checked at this login or since: accounts/second_factor.py). Without both: nothing, whatever
  door the session came in by.
- Which cases: `Case.objects.visible_to(user)` (consultations/models/cases.py), the one
  visibility rule, which uses `team_roles` below. Every helper here about a single case agrees
  with it.
- Supervisors (a TeamMembership with is_supervisor, and the 主任相談員 role) see their team's
  access log, reports, exports and disclosure documents.
- Coordinators see no case data; administrators configure, and see cases only through the
  admin's break-glass view, which records their reason.
- Supervisors and administrators export the access log and the change history for an audit
  (who did what and when, with the chain's hashes; never the values).

Results are cached on the user object, which lives for one request. Whether a second factor
is enrolled and which teams the user belongs to, which every request of the workspace asks,
are read together in one query (`_access`).

The models build on these rules (the visibility rule calls them), so this module imports no
model of this app: it reads a user's teams through the `team_memberships` relation, and a
case through what `CaseLike` names.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR


class CaseLike(Protocol):
    """What the rules read of a case (consultations.models.Case)."""

    @property
    def team_id(self) -> int: ...

    @property
    def primary_staff_id(self) -> int | None: ...

    @property
    def secondary_staff_id(self) -> int | None: ...

    @property
    def is_restricted(self) -> bool: ...

    @property
    def created_at(self) -> dt.datetime: ...


AnyUser = User | AnonymousUser


def _active(user: AnyUser) -> TypeGuard[User]:
    """A signed-in, active user."""
    return bool(user.is_authenticated and user.is_active)


def has_enrolled_second_factor(user: AnyUser) -> bool:
    """A TOTP or WebAuthn authenticator exists (recovery codes alone do not count)."""
    if not _active(user):
        return False
    return _access(user)[0]


def _access(user: User) -> tuple[bool, list[tuple[int, bool]]]:
    """(a second factor is enrolled, the user's (team id, is supervisor) memberships), read in
    one query and cached on the user: the workspace's guard asks the first and the visibility
    rule the second on every request. A user whose row is gone has neither."""
    cached: tuple[bool, list[tuple[int, bool]]] | None = getattr(
        user, "_consultations_access", None
    )
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_access_sql(), [user.pk])
            rows = cursor.fetchall()
        cached = (
            any(row[0] for row in rows),
            [(team_id, bool(supervisor)) for _, team_id, supervisor in rows if team_id is not None],
        )
        # A per-object cache that the User model does not declare.
        setattr(user, "_consultations_access", cached)  # noqa: B010
    return cached


@cache
def _access_sql() -> str:
    """_access's query, one fixed statement written once from the models' tables (built by the
    ORM on every request, it cost some 600 Python calls to compile); parameter: the user's id.
    Second factors are TOTP and WebAuthn authenticators (recovery codes alone do not count)."""
    from allauth.mfa.models import Authenticator

    qn = connection.ops.quote_name
    user_meta, mfa = User._meta, Authenticator._meta
    membership = user_meta.get_field("team_memberships").related_model._meta

    def column(meta: Any, name: str) -> str:
        return qn(meta.get_field(name).column)

    second_factors = ", ".join(
        f"'{kind}'" for kind in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    )
    parts = [
        f"SELECT EXISTS(SELECT 1 FROM {qn(mfa.db_table)} a",  # noqa: S608 (names from the models)
        f"WHERE a.{column(mfa, 'user')} = u.{column(user_meta, 'id')}",
        f"AND a.{column(mfa, 'type')} IN ({second_factors})),",
        f"m.{column(membership, 'team')}, m.{column(membership, 'is_supervisor')}",
        f"FROM {qn(user_meta.db_table)} u LEFT OUTER JOIN {qn(membership.db_table)} m",
        f"ON m.{column(membership, 'user')} = u.{column(user_meta, 'id')}",
        f"WHERE u.{column(user_meta, 'id')} = %s",
    ]
    return " ".join(parts)


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


def has_case_role(user: AnyUser) -> bool:
    """Holds a role that works with cases (相談員, 主任相談員), second factor or not yet: the
    staff workspace lets them in to enrol or confirm one.

    Superusers hold every permission implicitly; the rules do not trust that (roles, not the
    superuser flag). They see cases through the break-glass view only.
    """
    return bool(
        _active(user) and not user.is_superuser and user.has_perm("consultations.view_case")
    )


def case_workers() -> QuerySet[User]:
    """Everyone who holds a case role: whom a case or a follow-up can be assigned to."""
    return User.objects.filter(
        is_active=True, groups__name__in=(CONSULTATION_STAFF, SUPERVISOR)
    ).distinct()


def has_case_access(user: AnyUser) -> bool:
    """Works with cases at all: a case role (not merely superuser) and MFA."""
    return has_case_role(user) and passed_second_factor(user)


def team_roles(user: AnyUser) -> dict[int, bool]:
    """{team id: is supervisor} for the user's teams; supervision needs the role as well."""
    if not _active(user):
        return {}
    cached = getattr(user, "_consultations_team_roles", None)
    if cached is None:
        may_supervise = user.has_perm("consultations.supervise_case")
        cached = {team_id: supervisor and may_supervise for team_id, supervisor in _access(user)[1]}
        setattr(user, "_consultations_team_roles", cached)  # noqa: B010  (as in _access)
    return cached


@dataclass(frozen=True)
class CaseScope:
    """Everything the visibility rule reads about a user (Case.objects.visible_to is built
    from this alone): two requests with equal scopes see the same cases."""

    user_id: int
    supervised: tuple[int, ...]  # teams whose every case they see
    member_only: tuple[int, ...]  # teams whose 通常 cases they see


def case_scope(user: AnyUser) -> CaseScope | None:
    """The user's scope under the visibility rule; None when they may see no case at all."""
    if user.pk is None or not has_case_access(user):
        return None
    roles = team_roles(user)
    return CaseScope(
        user_id=user.pk,
        supervised=tuple(sorted(team for team, supervisor in roles.items() if supervisor)),
        member_only=tuple(sorted(team for team, supervisor in roles.items() if not supervisor)),
    )


def is_supervisor_of(user: AnyUser, team_id: int | None = None) -> bool:
    """Supervises the team with this id; with no team: supervises any team."""
    if not has_case_access(user):
        return False
    roles = team_roles(user)
    if team_id is None:
        return any(roles.values())
    return roles.get(team_id, False)


def can_see_case(user: AnyUser, case: CaseLike) -> bool:
    """The visibility rule for one case already loaded (same answer as visible_to)."""
    return has_case_access(user) and _within_rule(user, case)


def may_be_assigned(user: AnyUser, case: CaseLike) -> bool:
    """Could this colleague see the case once signed in with their second factor? (Choosing
    an assignee asks about a person, not about the session they happen to be in.)"""
    return has_case_role(user) and has_enrolled_second_factor(user) and _within_rule(user, case)


def _within_rule(user: AnyUser, case: CaseLike) -> bool:
    if user.pk in (case.primary_staff_id, case.secondary_staff_id):
        return True
    roles = team_roles(user)
    if case.team_id not in roles:
        return False
    return roles[case.team_id] or not case.is_restricted


def can_change_case(user: AnyUser, case: CaseLike) -> bool:
    """Record entries, referrals, tasks and status changes on a case one may see."""
    return can_see_case(user, case) and user.has_perm("consultations.change_case")


# How long after intake the assigned 相談員 may still correct what was taken down.
INTAKE_CORRECTION_WINDOW = dt.timedelta(days=1)


def can_correct_intake(user: AnyUser, case: CaseLike, *, now: dt.datetime | None = None) -> bool:
    """Correct the intake details (channel, categories, district, concern, who consulted,
    household): a supervisor of the case's team at any time, its 主担当 within a day of the
    intake. Nobody else; a correction always needs a reason (services.case_correct_intake)."""
    if not can_change_case(user, case):
        return False
    if is_supervisor_of(user, case.team_id):
        return True
    now = now or timezone.now()
    return user.pk == case.primary_staff_id and now - case.created_at <= INTAKE_CORRECTION_WINDOW


def can_create_case(user: AnyUser) -> bool:
    return (
        has_case_access(user) and user.has_perm("consultations.add_case") and bool(team_roles(user))
    )


def can_view_access_log(user: AnyUser, case: CaseLike) -> bool:
    """Who opened this case: the team's supervisors."""
    return is_supervisor_of(user, case.team_id)


def can_export(user: AnyUser) -> bool:
    """CSV exports and reports: supervisors of some team (data limited by visible_to)."""
    return is_supervisor_of(user) and user.has_perm("consultations.export_case")


def can_export_audit(user: AnyUser) -> bool:
    """The audit export of the access log and the change history (consultations/audit_export.py):
    supervisors of a team and 管理者, with the second factor passed in this session. The
    superuser flag alone is not enough (roles, not the flag)."""
    if not (_active(user) and user.is_staff and not user.is_superuser):
        return False
    if not (user.has_perm("consultations.export_accesslog") and passed_second_factor(user)):
        return False
    return is_supervisor_of(user) if has_case_role(user) else True


def can_break_glass(user: AnyUser) -> bool:
    """管理者 may read cases in the admin after recording a reason (logged)."""
    return bool(
        _active(user)
        and user.is_staff
        and user.has_perm("consultations.break_glass_case")
        and passed_second_factor(user)
    )


def can_manage_staff(user: AnyUser) -> bool:
    """管理者 invite consultation staff (send again, revoke) and off-board them (deactivate),
    with a second factor checked in this session: an invitation hands out access to case
    data."""
    return bool(
        _active(user)
        and user.is_staff
        and user.has_perm("consultations.add_staffinvitation")
        and passed_second_factor(user)
    )


def forget_cached(user: Any) -> None:
    """Drop the per-request caches (tests and long-lived objects after a role change)."""
    for attribute in ("_consultations_access", "_consultations_team_roles", "_perm_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)
