"""The council's contact points (窓口) on any page: in the footer, beside the consultation form,
on the coordinators' and districts' pages.

Two ways of saying when a contact point is open, for two kinds of page:
- `{% contact_today point %}`: today's hours, or why it is closed today and when it opens next.
  It depends on the date alone, and cached pages are keyed on the date (core/pagecache.py), so
  it is never stale on a cached page. The public pages use it.
- `{% contact_now point %}`: open now (until when), or when it opens. Only on pages that are
  never cached (the consultation form), where it is right at the moment the page is made.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from networks.models import ContactPoint

register = template.Library()


@register.inclusion_tag("includes/contact_today.html")
def contact_today(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "day": point.day_schedule(timezone.localdate())}


@register.inclusion_tag("includes/contact_now.html")
def contact_now(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "status": point.status_at(timezone.now())}


@register.simple_tag
def footer_contact_points() -> SafeString:
    """The footer's list: one query, on every page the view renders. Read afresh each time (not
    kept in the process like the rest of the footer, {% fixedfragment %}), so the page after an
    edit in the admin shows it, whichever process serves it; a page from the page cache costs
    nothing, and an edit renews those pages (core/pagecache.py)."""
    points = list(ContactPoint.objects.listed().select_related("district"))
    return mark_safe(  # noqa: S308 - a rendered template
        render_to_string("includes/footer_contact_points.html", {"contact_points": points})
    )
