"""Who may enter the workspace, and the few questions the workspace asks about a user.

Which *cases* a user sees is decided in one place only, `Case.objects.visible_to(user)` (with
consultations.permissions); these helpers never widen it: persons are reached through visible
cases, and supervisor pages still list only visible cases.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User

# Role groups (accounts/roles.py): consultation staff and their supervisors use /staff/.
CONSULTATION_STAFF = "相談員"
SUPERVISOR = "主任相談員"
WORKSPACE_GROUPS = (CONSULTATION_STAFF, SUPERVISOR)


def _groups(user: User) -> set[str]:
    groups = getattr(user, "_workspace_groups", None)
    if groups is None:
        groups = set(user.groups.filter(name__in=WORKSPACE_GROUPS).values_list("name", flat=True))
        user._workspace_groups = groups  # once per request: the user object lives that long
    return groups


def is_workspace_user(user: User | AnonymousUser) -> bool:
    """Consultation staff and supervisors (a role group), active accounts only."""
    return bool(user.is_authenticated and user.is_active and _groups(user))


def has_confirmed_mfa(user: User | AnonymousUser) -> bool:
    """An enrolled TOTP or WebAuthn authenticator (recovery codes alone do not count)."""
    from allauth.mfa.models import Authenticator  # needs the app registry (settings loaded)

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def is_supervisor(user: User | AnonymousUser) -> bool:
    """A supervisor (主任相談員) of at least one team: reports, exports, disclosure."""
    from consultations.models import TeamMembership

    if not is_workspace_user(user) or SUPERVISOR not in _groups(user):
        return False
    cached = getattr(user, "_supervises_a_team", None)
    if cached is None:
        cached = TeamMembership.objects.filter(user=user, is_supervisor=True).exists()
        user._supervises_a_team = cached
    return cached


def is_supervisor_of(user: User | AnonymousUser, case: object) -> bool:
    from consultations.models import TeamMembership

    return bool(
        is_supervisor(user)
        and TeamMembership.objects.filter(
            user=user, team_id=case.team_id, is_supervisor=True
        ).exists()
    )


def workspace_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name__in=WORKSPACE_GROUPS).distinct()


def teams_of(user: User) -> QuerySet:
    from consultations.models import Team

    return Team.objects.filter(memberships__user=user).distinct().order_by("name")
