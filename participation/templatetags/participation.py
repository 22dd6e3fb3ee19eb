"""`{% participation_panel activity %}`: how to join, on the activity's page (which belongs to
a lower floor and does not import this app)."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from participation import services
from participation.models import ParticipationSettings

register = template.Library()

DATES_SHOWN = 5


@register.inclusion_tag("participation/join_panel.html", takes_context=True)
def participation_panel(context: dict[str, Any], activity: Any) -> dict[str, Any]:
    offer = (
        ParticipationSettings.objects.filter(activity=activity, is_open=True)
        .select_related("activity")
        .first()
    )
    if offer is None:
        return {"offer": None}
    dates = services.joinable_dates(offer)
    slots = services.slots_of(offer, [None] if offer.is_series else dates[:DATES_SHOWN])
    if offer.is_series and not dates:
        slots = []
    join_url = reverse("participation:join", args=[activity.pk])
    user = context["request"].user
    for slot in slots:
        query = f"?{urlencode({'date': slot.date.isoformat()})}" if slot.date else ""
        target = join_url + query
        slot.url = (  # type: ignore[attr-defined]
            target
            if user.is_authenticated
            else f"{reverse('account_signup')}?{urlencode({'next': target})}"
        )
    return {
        "offer": offer,
        "slots": slots,
        "more": len(dates) > DATES_SHOWN,
        "signed_in": user.is_authenticated,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': join_url})}",
    }
