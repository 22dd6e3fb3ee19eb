"""Who may enter the workspace at all, and which workspace pages a user is offered.

Every real decision is consultations.permissions' (and `Case.objects.visible_to(user)` for
which cases); this module only names the questions the workspace asks, so views and the
middleware read plainly.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR
from consultations import permissions

WORKSPACE_GROUPS = (CONSULTATION_STAFF, SUPERVISOR)


def is_workspace_user(user: User | AnonymousUser) -> bool:
    """Holds a role that works with cases (相談員, 主任相談員), second factor or not yet.

    Superusers are not let in by their implicit permissions: like the visibility rule, the
    workspace trusts roles, not the superuser flag.
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.has_perm("consultations.view_case")
    )


def has_enrolled_second_factor(user: User | AnonymousUser) -> bool:
    return permissions.has_enrolled_second_factor(user)


def passed_second_factor(user: User | AnonymousUser) -> bool:
    return permissions.passed_second_factor(user)


def is_supervisor(user: User | AnonymousUser) -> bool:
    """Reports, CSV exports and disclosure documents."""
    return permissions.can_export(user)


def is_supervisor_of(user: User | AnonymousUser, case: object) -> bool:
    return permissions.can_view_access_log(user, case)


def workspace_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name__in=WORKSPACE_GROUPS).distinct()


def teams_of(user: User) -> QuerySet:
    from consultations.models import Team

    return Team.objects.filter(memberships__user=user).distinct().order_by("order", "name")
