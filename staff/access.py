"""Who may enter the workspace at all; case-by-case rules live in consultations.permissions."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

WORKSPACE_GROUPS = ("相談員", "主任相談員")


def is_workspace_user(user: User | AnonymousUser) -> bool:
    """Consultation staff and supervisors (a role group), active accounts only."""
    if not (user.is_authenticated and user.is_active):
        return False
    groups = getattr(user, "_workspace_groups", None)
    if groups is None:
        groups = set(user.groups.filter(name__in=WORKSPACE_GROUPS).values_list("name", flat=True))
        user._workspace_groups = groups  # once per request: the user object lives that long
    return bool(groups)


def has_confirmed_mfa(user: User | AnonymousUser) -> bool:
    """An enrolled TOTP or WebAuthn authenticator (recovery codes alone do not count)."""
    from allauth.mfa.models import Authenticator  # allauth.mfa is installed with this app

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
