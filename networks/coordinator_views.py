"""Public profiles of the community welfare coordinators (地域福祉コーディネーター).

Kept apart from networks/views.py (the directory) so the two grow independently.
"""

import hashlib
from pathlib import Path

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from nerima_portal.fields import ModelChoiceByKeyField
from networks.models import Coordinator, District

PAGE_SIZE = 20

# Only these are served, with a type chosen here: never a type guessed from the file's bytes.
PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
PHOTO_MAX_AGE = 3600  # seconds; a changed photo shows within the hour, and the ETag revalidates


class CoordinatorFilterForm(forms.Form):
    district = ModelChoiceByKeyField(
        label=_("担当地区"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("すべての地区"),
        error_messages={
            "invalid_choice": _("その地区は見つかりません。一覧から選んでください。"),
        },
    )


@require_safe
def coordinator_list(request: HttpRequest) -> HttpResponse:
    """Every listed coordinator, optionally only those in charge of one district."""
    form = CoordinatorFilterForm(request.GET or None)
    coordinators = Coordinator.objects.listed().prefetch_related("districts")
    district = None
    if form.is_bound and form.is_valid():
        district = form.cleaned_data["district"]
    if district is not None:
        coordinators = coordinators.filter(districts=district)
    page = Paginator(coordinators, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/coordinator_list.html",
        {"form": form, "district": district, "page": page},
    )


@require_safe
def coordinator_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A listed coordinator's photo, read through the storage.

    Uploaded files are not static files: WhiteNoise serves only what collectstatic gathered,
    and production has no separate media server. Serving through this view also means a
    photo disappears with the profile (unlisted: 404), and that whatever was uploaded goes
    out as an image with a fixed type and a sandboxing CSP, never as a page.
    """
    coordinator = get_object_or_404(Coordinator.objects.listed(), pk=pk)
    return photo_response(request, coordinator.photo)


def photo_response(request: HttpRequest, photo: object) -> HttpResponse:
    """An uploaded photo (an ImageField's file) as an image response, or 404 without one.

    Also serves the photos of the plan's progress timeline (progress.views.timeline_photo).
    """
    content_type = PHOTO_TYPES.get(Path(photo.name).suffix.lower()) if photo else None
    if content_type is None:
        raise Http404("No photo")
    etag = quote_etag(hashlib.sha256(photo.name.encode()).hexdigest()[:32])
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        try:
            handle = photo.open("rb")
        except OSError:
            raise Http404("Photo file missing") from None
        response = FileResponse(handle, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
