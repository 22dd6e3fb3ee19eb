"""The invitation's steps, from the e-mail's link to the workspace (`/invitation/…`).

1. `start` — the link: the token is checked (signature, then its stored hash), the
   invitation's id kept in this session, and the browser sent on to a URL without the token
   (so it stays out of history and Referer headers). An unknown, expired, used or revoked
   invitation gets a page that says which, and what to do.
2. `password` — the account is created with the chosen password and signed in.
3. `second_factor` → `authenticator_app` or `security_key` — the first second factor.
4. `recovery_codes` — the codes (shown again on a reload while the onboarding lasts); the
   button ends the onboarding → /staff/.

Steps 3–4 run inside the onboarding of accounts/onboarding.py (no second password prompt).
Outside it these pages send the person to /staff/, whose guard explains what is missing.
Nothing here is cached.
"""

import base64
from typing import Any

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal import auth as webauthn_auth
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import InvitationPasswordForm
from accounts.invitation_pages import InvitationPages
from accounts.models import User
from accounts.onboarding import onboarding_end, onboarding_sign_in, onboarding_user
from accounts.services import has_second_factor, mfa_first_enrol
from consultations import onboarding
from consultations.models import StaffInvitation
from staff.onboarding_forms import AuthenticatorAppForm, SecurityKeyForm

PAGES = InvitationPages(
    session_key="staff.invitation",
    unusable_template="staff/onboarding/invitation_unusable.html",
)


@never_cache
@require_http_methods(["GET"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    return PAGES.link(request, onboarding.invitation_find(token=token), then="onboarding:password")


@never_cache
@require_http_methods(["GET", "POST"])
def password(request: HttpRequest) -> HttpResponse:
    invitation = PAGES.pending(request, StaffInvitation.objects.select_related("team"))
    if isinstance(invitation, HttpResponse):
        return invitation
    form = InvitationPasswordForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = onboarding.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"], request=request
            )
        except onboarding.InvitationUnusableError as error:
            return PAGES.unusable(request, error.state, invitation)
        PAGES.forget(request)
        onboarding_sign_in(request, user)
        return redirect("onboarding:second_factor")
    signed_in_as = request.user if request.user.is_authenticated else None
    return render(
        request,
        "staff/onboarding/password.html",
        {"invitation": invitation, "form": form, "signed_in_as": signed_in_as, "step": 1},
    )


def _to_workspace() -> HttpResponse:
    return HttpResponseRedirect(reverse("staff:dashboard"))


@never_cache
@require_http_methods(["GET"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = onboarding_user(request)
    if user is None:
        return _to_workspace()
    if has_second_factor(user):
        return redirect("onboarding:recovery_codes")
    return render(request, "staff/onboarding/second_factor.html", {"step": 2})


@never_cache
@require_http_methods(["GET", "POST"])
def authenticator_app(request: HttpRequest) -> HttpResponse:
    user = onboarding_user(request)
    if user is None:
        return _to_workspace()
    if has_second_factor(user):
        return redirect("onboarding:recovery_codes")
    form = AuthenticatorAppForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        return _enrolled(request, user, totp_secret=form.secret)
    adapter = get_mfa_adapter()
    totp_url = adapter.build_totp_url(user, form.secret)
    svg = adapter.build_totp_svg(totp_url)
    qr = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return render(
        request,
        "staff/onboarding/authenticator_app.html",
        {"form": form, "secret": form.secret, "qr": qr, "step": 2},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def security_key(request: HttpRequest) -> HttpResponse:
    user = onboarding_user(request)
    if user is None:
        return _to_workspace()
    if has_second_factor(user):
        return redirect("onboarding:recovery_codes")
    form = SecurityKeyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        key = (form.cleaned_data["name"], form.cleaned_data["credential"])
        return _enrolled(request, user, webauthn=key)
    if request.method == "POST":
        messages.error(
            request,
            _(
                "セキュリティキーを登録できませんでした。もう一度「セキュリティキーを登録する」を"
                "押し、キーに触れてください。"
            ),
        )
    # A fresh challenge for each attempt (kept in the session by allauth).
    js_data = {"creation_options": webauthn_auth.begin_registration(user, False)}
    return render(
        request,
        "staff/onboarding/security_key.html",
        {"form": form, "js_data": js_data, "step": 2},
    )


def _enrolled(request: HttpRequest, user: User, **factor: Any) -> HttpResponse:
    """Enrol, then show the recovery codes (they are read again there, from allauth's store)."""
    mfa_first_enrol(request=request, user=user, **factor)
    return redirect("onboarding:recovery_codes")


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = onboarding_user(request)
    if user is None:
        return _to_workspace()
    if not has_second_factor(user):
        return redirect("onboarding:second_factor")
    if request.method == "POST":
        onboarding_end(request)
        messages.success(request, _("準備ができました。相談業務画面へようこそ。"))
        return _to_workspace()
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    wrapper = authenticator.wrap()
    if not wrapper.did_view:
        wrapper.mark_as_viewed()
    return render(
        request,
        "staff/onboarding/recovery_codes.html",
        {"codes": wrapper.get_unused_codes(), "step": 3},
    )
