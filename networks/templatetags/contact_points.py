"""The council's contact points (窓口) on any page: in the footer, beside the consultation form,
on the coordinators' and districts' pages.

Two ways of saying when a contact point is open, for two kinds of page:
- `{% contact_today point %}`: today's hours, or why it is closed today and when it opens next.
  It depends on the date alone, and cached pages are keyed on the date (core/pagecache.py), so
  it is never stale on a cached page. Every public page uses it.
- `{% contact_now point %}`: open now (until when), or when it opens. Only on pages that are
  never cached (the consultation form), where it is right at the moment the page is made.
"""

import logging
import threading

from django import template
from django.conf import settings
from django.template.context import Context
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.pagecache import request_generation
from networks.models import ContactPoint

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("includes/contact_today.html")
def contact_today(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "day": point.day_schedule(timezone.localdate())}


@register.inclusion_tag("includes/contact_now.html")
def contact_now(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "status": point.status_at(timezone.now())}


# The footer's list, rendered once per content generation (any content write makes a new one,
# core/pagecache.py) and language: the next page after an edit in the admin shows the edit, and
# the pages between ask the database nothing (an anonymous page reads the generation for the
# page cache anyway; a signed-in one reads it once more). With the page cache off (PAGE_CACHE=
# off), there is no generation to trust: the list is read for every page (one query).
_footer_lock = threading.Lock()
_footer: dict[str, object] = {"generation": None, "html": {}}


@register.simple_tag(takes_context=True)
def footer_contact_points(context: Context) -> SafeString:
    if not settings.PAGE_CACHE_ENABLED or settings.DEBUG:
        return _render_footer()
    try:
        generation = request_generation(context.get("request"))
    except Exception:  # the shared cache is down: read the list, as with the page cache off
        logger.exception("footer: no content generation")
        return _render_footer()
    key = (get_language(), get_script_prefix())
    with _footer_lock:
        if _footer["generation"] != generation:
            _footer["generation"], _footer["html"] = generation, {}
        cached = _footer["html"].get(key)  # type: ignore[attr-defined]
    if cached is not None:
        return cached
    html = _render_footer()
    with _footer_lock:
        if _footer["generation"] == generation:
            _footer["html"][key] = html  # type: ignore[index]
    return html


def _render_footer() -> SafeString:
    points = list(ContactPoint.objects.listed().select_related("district"))
    return mark_safe(  # noqa: S308 - a rendered template
        render_to_string("includes/footer_contact_points.html", {"contact_points": points})
    )
