"""The steps every invitation's pages take, whoever is invited (staff: staff/onboarding_views.py;
member organisations' editors: networks/editor_views.py):

1. the e-mail's link: its token is checked (signature, then the stored hash), the token's hash
   kept in the session, and the browser sent on to a URL without the token (so it stays out
   of history and Referer headers);
2. the next pages read the invitation back from the session while it is still pending and
   still has that link (sent again, it has a new one: the old link's session is refused too).

An invitation that cannot be used gets a page that says why: 404 for a link that is none, 410
for one used, expired or revoked, or whose address has an account meanwhile (TAKEN). What the
invitee does next (a password, a second factor, an account of their own) is each flow's.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import InvitationBase

INVALID = "invalid"  # a link that is not one (mistyped, cut short, forged)

_I = TypeVar("_I", bound=InvitationBase)


@dataclass(frozen=True)
class InvitationPages:
    session_key: str
    # Says why an invitation cannot be used: `reason` (an InvitationBase.State, TAKEN or
    # INVALID) and the `invitation`, if there is one
    unusable_template: str

    def unusable(
        self, request: HttpRequest, reason: str, invitation: InvitationBase | None = None
    ) -> HttpResponse:
        self.forget(request)
        return render(
            request,
            self.unusable_template,
            {"reason": reason, "invitation": invitation},
            status=404 if reason == INVALID else 410,
        )

    def link(
        self, request: HttpRequest, invitation: InvitationBase | None, *, then: str
    ) -> HttpResponse:
        """Step 1 (`invitation`: the one the link's token names, None for no such link): kept
        in the session, and the browser sent on to `then`, a URL without the token."""
        if invitation is None or invitation.state != InvitationBase.State.PENDING:
            return self._refuse(request, invitation)
        request.session[self.session_key] = invitation.token_hash
        return redirect(then)

    def pending(self, request: HttpRequest, invitations: QuerySet[_I]) -> _I | HttpResponse:
        """Step 2 on: the invitation the session holds, read from `invitations`, if still
        pending; else the page that says why it cannot be used."""
        digest = request.session.get(self.session_key)
        invitation = (
            invitations.filter(token_hash=digest).first() if isinstance(digest, str) else None
        )
        if invitation is None or invitation.state != InvitationBase.State.PENDING:
            return self._refuse(request, invitation)
        return invitation

    def forget(self, request: HttpRequest) -> None:
        """The invitation was used (or cannot be): the session no longer holds it."""
        request.session.pop(self.session_key, None)

    def _refuse(self, request: HttpRequest, invitation: InvitationBase | None) -> HttpResponse:
        if invitation is None:
            return self.unusable(request, INVALID)
        return self.unusable(request, invitation.state, invitation)
