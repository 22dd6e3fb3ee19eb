"""Public profiles of the community welfare coordinators (地域福祉コーディネーター).

Kept apart from networks/views.py (the directory) so the two grow independently.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.formfields import ModelChoiceByKeyField
from core.photos import photo_response
from networks.models import ContactPoint, Coordinator, District

PAGE_SIZE = 20

# Only these are served, with a type chosen here: never a type guessed from the file's bytes.


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
    # Each coordinator's card names the contact points of their districts
    coordinators = Coordinator.objects.listed().prefetch_related(
        "districts",
        Prefetch(
            "districts__contact_points",
            queryset=ContactPoint.objects.listed(),
            to_attr="listed_contact_points",
        ),
    )
    district = None
    if form.is_bound and form.is_valid():
        district = form.cleaned_data["district"]
    contact_points = ContactPoint.objects.none()
    if district is not None:
        coordinators = coordinators.filter(districts=district)
        # A district's page: its office first, with today's hours
        contact_points = ContactPoint.objects.listed().with_schedule().filter(district=district)
    page = Paginator(coordinators, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/coordinator_list.html",
        {"form": form, "district": district, "page": page, "contact_points": contact_points},
    )


@require_safe
def coordinator_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A listed coordinator's photo, read through the storage.

    Uploaded files are not static files: WhiteNoise serves only what collectstatic gathered,
    and production has no separate media server. Serving through this view also means a
    photo disappears with the profile (unlisted: 404), and that whatever was uploaded goes
    out as an image with a fixed type and a sandboxing CSP, never as a page.
    """
    coordinator = get_object_or_404(Coordinator.objects.listed(), pk=pk)
    return photo_response(request, coordinator.photo)
