"""`{% participation_panel activity %}`: how to join, on the activity's page (which belongs to
a lower floor and does not import this app)."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.core.exceptions import ValidationError
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
    closed = ""
    if offer.is_series:
        dates = []
        try:
            services.check_joinable(offer, date=None)
        except ValidationError as error:
            slots, closed = [], error.messages[0]
        else:
            slots = services.slots_of(offer, [None])
    else:
        dates = services.joinable_dates(offer)
        slots = services.slots_of(offer, dates[:DATES_SHOWN])
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
        "closed": closed,
        "signed_in": user.is_authenticated,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': join_url})}",
    }
