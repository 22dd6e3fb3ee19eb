"""Guards for the staff workspace (/staff/): who may enter, for how long, and no caching.

- Anyone who is not consultation staff gets 404 (the workspace does not reveal itself).
- Staff without a second factor are sent to allauth's MFA page to enrol one; staff whose
  session has not checked it (accounts/second_factor.py) are asked for the code first.
- A case worker's session idle for STAFF_SESSION_IDLE_MINUTES is logged out, in the workspace
  and in the admin (which shows them the inquiries) (the last-seen mark is
  refreshed at most once a minute, so most requests do not write the session).
- Every /staff/ response carries Cache-Control: no-store (shared computers, proxies).
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from consultations import permissions

STAFF_PATH_PREFIX = "/staff/"
ADMIN_PATH_PREFIX = "/admin/"
# Seconds since the epoch of the last request to the workspace in this session.
LAST_SEEN_SESSION_KEY = "staff.last_seen"
# The mark is refreshed at most this often, so that a page view does not also write the
# session row every time (the idle limit is minutes; a minute's slack is immaterial).
LAST_SEEN_RESOLUTION_SECONDS = 60


def idle_limit_seconds() -> int:
    return int(getattr(settings, "STAFF_SESSION_IDLE_MINUTES", 30)) * 60


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PATH_PREFIX):
            # The admin shows case workers the inquiries (and 管理者 the break-glass view):
            # an idle case worker's session ends there too.
            return self._expire_if_idle(request) or self.get_response(request)
        if not request.path.startswith(STAFF_PATH_PREFIX):
            return self.get_response(request)
        try:
            response = self._guard(request) or self.get_response(request)
        except Http404 as not_found:  # drawn here, so that it is not cached either
            response = response_for_exception(request, not_found)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, max-age=0, private"
        return response

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return _to_login(request)
        if not permissions.has_case_role(user):
            raise Http404
        expired = self._expire_if_idle(request)
        if expired:
            return expired
        if not permissions.has_enrolled_second_factor(user):
            return _flash(
                request,
                HttpResponseRedirect(reverse("mfa_index")),
                _("相談業務画面を使うには、2段階認証（認証アプリ）の設定が必要です。"),
            )
        if not permissions.passed_second_factor(user):
            # Enrolled, but this session has not checked it (e.g. signed in elsewhere).
            next_query = urlencode({"next": request.get_full_path()})
            return _flash(
                request,
                HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}"),
                _("相談業務画面を使うには、このログインで2段階認証のコードを入力してください。"),
            )
        return None

    def _expire_if_idle(self, request: HttpRequest) -> HttpResponse | None:
        """Log a case worker out after the idle limit; otherwise refresh the last-seen mark."""
        user = request.user
        if not user.is_authenticated or not permissions.has_case_role(user):
            return None
        now = time.time()
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        if isinstance(last_seen, int | float) and now - last_seen > idle_limit_seconds():
            logout(request)
            return _flash(
                request,
                _to_login(request),
                _("一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。"),
            )
        if (
            not isinstance(last_seen, int | float)
            or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS
        ):
            request.session[LAST_SEEN_SESSION_KEY] = now
        return None


def _flash(request: HttpRequest, response: HttpResponse, text: str) -> HttpResponse:
    """A message for the next page. This middleware runs before MessageMiddleware (it must
    answer before any view), so it keeps the message store itself for this one response."""
    storage = default_storage(request)
    storage.add(messages.INFO, text)
    storage.update(response)
    return response


def _to_login(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
    )
