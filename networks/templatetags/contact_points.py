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
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.generation import kept_for_generation
from core.links import cached_reverse
from core.templatetags.display import sample_badge
from networks.models import ContactPoint, dial

register = template.Library()


@register.inclusion_tag("includes/contact_today.html")
def contact_today(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "day": point.day_schedule(timezone.localdate())}


@register.inclusion_tag("includes/contact_now.html")
def contact_now(point: ContactPoint) -> dict[str, object]:
    return {"point": point, "status": point.status_at(timezone.now())}


@register.simple_tag(takes_context=True)
def footer_contact_points(context: template.Context) -> SafeString:
    """The footer's list: its rows read once per process and content generation (on every page
    the view renders, it was a query a page), so the page after an edit in the admin shows it,
    whichever process serves it: the edit renews the generation (core/pagecache.py), which
    the page cache has read for this request already.

    Only the columns it shows, and built here rather than by a template (every page renders
    it): the same markup as templates/includes/footer_contact_points.html made."""
    items = [
        format_html(
            '\n        <li class="footer-contacts__item">\n'
            '          <a class="footer-contacts__name" href="{}" lang="ja">{}</a>{}\n'
            "          {}\n          {}\n        </li>\n      ",
            cached_reverse("networks:contact_point", pk=pk),
            name,
            sample_badge({"is_sample": bool(is_sample)}),
            format_html(
                '<span class="footer-contacts__number">{} <a href="tel:{}">{}</a></span>',
                gettext("電話"),
                dial(phone),
                phone,
            )
            if phone
            else "",
            format_html('<span class="footer-contacts__number">{} {}</span>', gettext("FAX"), fax)
            if fax
            else "",
        )
        for pk, name, phone, fax, is_sample in kept_for_generation(
            context.get("request"), ("networks.footer_contact_points",), _footer_rows
        )
    ]
    if not items:
        return mark_safe("\n\n")
    return format_html(
        '\n\n  <section class="footer-contacts" aria-labelledby="footer-contacts-title">\n'
        '    <h2 class="footer-contacts__title" id="footer-contacts-title">{}</h2>\n'
        '    <ul class="footer-contacts__list">\n      {}\n    </ul>\n  </section>\n\n',
        gettext("窓口・お問い合わせ"),
        mark_safe("".join(items)),  # noqa: S308 - each item is built by format_html
    )


def _footer_rows() -> tuple[tuple, ...]:
    """(pk, name, phone, fax, is_sample) of the listed contact points, in their order."""
    return tuple(
        ContactPoint.objects.listed().values_list("pk", "name", "phone", "fax", "is_sample")
    )
