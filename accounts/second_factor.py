"""A second factor passed in *this session* — not merely enrolled.

allauth keeps a record of every authentication step of a session: "password" at sign-in, then
"mfa" once a TOTP code, a security key or a recovery code was checked (at login, or when the
person re-authenticates). Roles that work with case data need that "mfa" step in the session
they use now: an authenticator enrolled on the account proves nothing about a session that
signed in some other way (an old cookie, the admin's own login form, a session made before
the authenticator existed).

`SecondFactorMiddleware` answers the question once per request from allauth's records and
marks the signed-in user (`user.second_factor_passed`); the permission helpers
(consultations/permissions.py) read the mark. A user object that did not come from a request
carries the model's default, False: deny by default.

Enrolling a TOTP authenticator or a security key counts as passing it: the person has just
proved the code or the key, in this session.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# Authenticators that are a second factor on their own (recovery codes back them up).
SECOND_FACTOR_TYPES = ("totp", "webauthn")
MFA_METHOD = "mfa"


def session_passed_second_factor(request: HttpRequest, user: Any) -> bool:
    """Did this session check a second factor of this user (allauth's authentication records)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(
        record.get("method") == MFA_METHOD for record in get_authentication_records(request, user)
    )


def _marked(request: HttpRequest, lazy_user: Any) -> Any:
    bool(lazy_user.is_authenticated)  # evaluates Django's lazy user
    user = getattr(lazy_user, "_wrapped", lazy_user)
    if user.is_authenticated:
        user.second_factor_passed = session_passed_second_factor(request, user)
    return user


class SecondFactorMiddleware:
    """Marks `request.user.second_factor_passed` from this session's records (lazily)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lazy_user = request.user
        # The lazy object stands in for the user, as Django's own AuthenticationMiddleware's.
        request.user = cast(
            "User | AnonymousUser", SimpleLazyObject(lambda: _marked(request, lazy_user))
        )
        return self.get_response(request)


def record_enrolment(sender: object, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """allauth's `authenticator_added`: a new TOTP or security key was just proved here."""
    authenticator = kwargs.get("authenticator")
    if request is None or authenticator is None or authenticator.type not in SECOND_FACTOR_TYPES:
        return
    record_authentication(
        request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, enrolled=True
    )
