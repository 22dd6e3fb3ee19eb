"""「コーディネーターに相談する」: the public inquiry form, its thanks page and its privacy
notice (no login; what a resident sends goes to consultations.services.inquiry_submit)."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from consultations.forms import InquiryForm
from consultations.services import InquiryRateLimitedError, inquiry_submit
from core.http import client_ip
from networks.models import ContactPoint

_SLUG = re.compile(r"[-a-z0-9]{1,50}")

# The session remembers the sender's last reference, so only they see it on the thanks page.
SESSION_KEY = "consultations.inquiry"


@never_cache  # what a person typed must not linger in caches on a shared computer
@sensitive_post_parameters()  # nor in an error report, should anything ever fail
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_create(request: HttpRequest) -> HttpResponse:
    """「コーディネーターに相談する」; on success, POST/redirect/GET to the thanks page."""
    status = 200
    rate_limited = False
    if request.method == "POST":
        form = InquiryForm(request.POST)
        if form.is_valid():
            try:
                inquiry = inquiry_submit(**form.inquiry_fields(), sender_ip=client_ip(request))
            except InquiryRateLimitedError as limited:
                status, rate_limited = 429, True
                retry_after = limited.retry_after
            else:
                request.session[SESSION_KEY] = {
                    "reference": inquiry.reference,
                    "wants_reply": inquiry.wants_reply,
                }
                return redirect("consultations:thanks")
    else:
        form = InquiryForm(initial={"district": _district_slug(request.GET.get("district"))})
    response = render(
        request,
        "consultations/inquiry_form.html",
        {
            "form": form,
            "rate_limited": rate_limited,
            # By phone, in person or by this form: the contact points beside it (never cached,
            # so "open now" is right when the page is made)
            "contact_points": ContactPoint.objects.listed().with_schedule(),
        },
        status=status,
    )
    if rate_limited:
        response["Retry-After"] = str(retry_after)
    return response


def _district_slug(value: str | None) -> str | None:
    """A district to preselect from the query string (?district=nerima, from a profile page).

    Only compared with the choices when the select is drawn; an unknown slug selects nothing.
    """
    return value if value and _SLUG.fullmatch(value) else None


@never_cache
@require_safe
def inquiry_thanks(request: HttpRequest) -> HttpResponse:
    """The reference number, shown only in the browser session that sent the inquiry."""
    sent = request.session.get(SESSION_KEY)
    if not isinstance(sent, dict) or "reference" not in sent:
        return redirect("consultations:consult")
    return render(request, "consultations/inquiry_thanks.html", {"sent": sent})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/privacy.html")
