"""Requests whose user is known to be signed in, said so for the type checker.

Django types `request.user` as a user or AnonymousUser. Behind `@login_required` or inside
the admin site it is always a signed-in `User`; these say so, so views can hand the user to
services that take a `User`.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `@login_required`. Only an annotation: Django's request
    objects are unchanged."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that the admin site (or `@login_required`) let through; one that
    somehow is not signed in is refused, never passed on."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
