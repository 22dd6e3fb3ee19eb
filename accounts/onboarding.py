"""The first sign-in of a person who came through an invitation (consultations.onboarding).

Setting the password from the invitation link signs the person in (with allauth's record of a
password authentication, as a login would write) and opens the *onboarding* of this session:
for ONBOARDING_MINUTES, and only while the account has no TOTP authenticator or security key,
the person enrols the first one without allauth asking for the password again. They typed it
a moment ago, in this session, after opening a single-use link sent to their address; asking
again would be a step nobody explains. Once a second factor exists the onboarding is over
for it: adding or removing authenticators later goes through allauth's pages, with
reauthentication as usual.
"""

import time

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth import login
from django.http import HttpRequest

from accounts.models import User

ONBOARDING_SESSION_KEY = "accounts.onboarding"
ONBOARDING_MINUTES = 60
# allauth's backend (ModelBackend underneath: an inactive account is refused on each request)
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def invitee_sign_in(request: HttpRequest, user: User) -> None:
    """Sign the invited person in after they set their password, as a login would (allauth's
    record of a password authentication). Member organisations' editors stop here (a second
    factor is optional for them); staff go on into the onboarding (onboarding_sign_in)."""
    login(request, user, backend=BACKEND)
    record_authentication(request, user, method="password", email=user.email)


def onboarding_sign_in(request: HttpRequest, user: User) -> None:
    """Sign the invited person in after they set their password, and open the onboarding."""
    invitee_sign_in(request, user)
    request.session[ONBOARDING_SESSION_KEY] = {"user": str(user.pk), "since": time.time()}


def onboarding_user(request: HttpRequest) -> User | None:
    """The signed-in user, if this session is in its onboarding (see the module)."""
    user = request.user
    marker = request.session.get(ONBOARDING_SESSION_KEY)
    if not isinstance(user, User) or not user.is_authenticated or not isinstance(marker, dict):
        return None
    since = marker.get("since")
    if marker.get("user") != str(user.pk) or not isinstance(since, int | float):
        return None
    if time.time() - since > ONBOARDING_MINUTES * 60:
        return None
    return user


def onboarding_end(request: HttpRequest) -> None:
    request.session.pop(ONBOARDING_SESSION_KEY, None)
