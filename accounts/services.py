"""Workflows of the accounts app."""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import TOTP, clear_totp_secret
from allauth.mfa.webauthn.internal.auth import WebAuthn
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from accounts.models import TAKEN, InvitationBase, InvitationUnusableError, User
from core import crypto

# The authenticators whose `data` holds secrets (passed through accounts.adapters.MFAAdapter);
# WebAuthn keeps only public keys.
SECRET_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)


def mfa_secrets_map(data: dict[str, Any], convert: Callable[[str], str]) -> dict[str, Any]:
    """`data` of an authenticator with each secret it holds converted; the rest as it was."""
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
    return data


def _rotated(value: str) -> str:
    # A plaintext leftover (see MFAAdapter.decrypt) is encrypted on the way.
    return crypto.rotate(value) if crypto.is_ciphertext(value) else crypto.encrypt(value)


def mfa_secrets_rotate() -> int:
    """Re-encrypt every stored two-factor secret with the first of CASE_DATA_KEYS; returns the
    number of authenticators rewritten. Only `data` changes (not last_used_at)."""
    count = 0
    with transaction.atomic():
        authenticators = Authenticator.objects.select_for_update().filter(type__in=SECRET_TYPES)
        for pk, data in authenticators.values_list("pk", "data"):
            new = mfa_secrets_map(data, _rotated)
            if new != data:
                Authenticator.objects.filter(pk=pk).update(data=new)
                count += 1
    return count


def user_email_vouch(*, user: User) -> EmailAddress:
    """The account's address, confirmed: an administrator who typed it in the admin vouches
    for it, so the person signs in (through allauth, like everyone) without a confirmation
    e-mail first. Earlier addresses of the account stop being primary."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    address, _created = EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )
    return address


def invitation_account_create(
    *, invitation: InvitationBase, password: str, **fields: object
) -> User:
    """The invitee's account, in the caller's transaction: their address and name, the password
    they chose (the form ran Django's validators), `fields`; the address confirmed (the link
    proved it). Raises InvitationUnusableError(TAKEN) when the address already has an account."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnusableError(TAKEN)
    user = User.objects.create_user(invitation.email, password, name=invitation.name, **fields)
    user_email_vouch(user=user)
    return user


def has_second_factor(user: User) -> bool:
    """A TOTP authenticator or security key is enrolled (recovery codes only back them up)."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def mfa_first_enrol(
    *,
    request: HttpRequest,
    user: User,
    totp_secret: str | None = None,
    webauthn: tuple[str, dict[str, Any]] | None = None,
) -> list[str]:
    """Enrol the account's first second factor — a TOTP secret whose code the form checked, or
    a security key's (name, credential) that the WebAuthn form verified — with its recovery
    codes; returns the codes. What allauth's own pages do, minus the reauthentication (see
    accounts/onboarding.py: only the onboarding calls this). The enrolment counts as passing
    the second factor in this session (accounts.second_factor.record_enrolment)."""
    if (totp_secret is None) == (webauthn is None):
        raise TypeError("one of totp_secret and webauthn")
    with transaction.atomic():
        # One at a time per account (two tabs of the same onboarding).
        User.objects.select_for_update().get(pk=user.pk)
        if has_second_factor(user):
            raise PermissionDenied("a second factor is enrolled already")
        if totp_secret is not None:
            authenticator = TOTP.activate(user, totp_secret).instance
        else:
            name, credential = webauthn  # type: ignore[misc]
            authenticator = WebAuthn.add(user, name, credential).instance
        codes = RecoveryCodes.activate(user)
    clear_totp_secret(request)
    for added in (authenticator, codes.instance):
        authenticator_added.send(
            sender=Authenticator, request=request, user=user, authenticator=added
        )
    return codes.get_unused_codes()
