"""Small display pieces that pages repeat for every row of a list, as tags written in Python.

An `{% include %}` of a one-line template costs a template render per row (context push,
node walk, variable look-ups); these return the same markup directly.
"""

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()


def _field(obj: object, name: str) -> object:
    """`obj.name` as a template would read it (a dict key or an attribute; absent: None)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


@register.simple_tag
def sample_badge(obj: object) -> SafeString:
    """「サンプル」 on sample records and 「下書き」 on drafts (what staff preview)."""
    sample = bool(_field(obj, "is_sample"))
    draft = _field(obj, "status") == "draft"
    if not (sample or draft):
        return mark_safe("")
    return _badges(sample, draft, get_language())


@lru_cache(maxsize=64)
def _badges(sample: bool, draft: bool, language: str | None) -> SafeString:
    """The badges' markup, made once per language (a list page shows one per row)."""
    badge = '<span class="badge badge--{}">{}</span>'
    badges = []
    if sample:
        badges.append(format_html(badge, "sample", gettext("サンプル")))
    if draft:
        badges.append(format_html(badge, "draft", gettext("下書き")))
    return mark_safe("".join(badges))  # noqa: S308 - each part is built by format_html


@register.simple_tag
def date_with_weekday(date: dt.date) -> SafeString:
    """A date with its day of the week: 2026年12月3日（木）."""
    if not date:
        return mark_safe("")
    return _date_with_weekday(date, get_language())


@lru_cache(maxsize=1024)
def _date_with_weekday(date: dt.date, language: str | None) -> SafeString:
    # Made once per date and language: a list shows twenty, most of them the same few dates,
    # and formatting one takes three translations.
    return mark_safe(  # noqa: S308 - both values are escaped
        gettext("%(date)s（%(weekday)s）")
        % {
            "date": escape(formats.date_format(date, "DATE_FORMAT")),
            "weekday": escape(formats.date_format(date, "D")),
        }
    )


@register.simple_tag
def count_label(n: int) -> SafeString:
    """A count as lists show it beside a tag or an index row: 「12件」 (12 items)."""
    return _count_label(n, get_language())


@lru_cache(maxsize=1024)
def _count_label(n: int, language: str | None) -> SafeString:
    # The same message as {% blocktranslate count n=… %}{{ n }}件{% plural %}{{ n }}件…
    return mark_safe(  # noqa: S308 - the number is escaped
        ngettext("%(n)s件", "%(n)s件", n) % {"n": escape(formats.localize(n))}
    )


# --- Fixed fragments: markup that depends on nothing but the language and its own key --------

# Rendered once per process for each key; a handful of keys (fragment × language × a few
# flags), so the dict cannot grow with traffic. Cleared when it ever reaches the limit.
_FIXED_FRAGMENTS: dict[tuple, SafeString] = {}
_FIXED_FRAGMENTS_LIMIT = 256


class FixedFragmentNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, name: str, vary: list[template.base.FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context: template.Context) -> SafeString:
        if settings.DEBUG:  # templates edited while `runserver` runs show at once
            return mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered template
        key = (
            self.name,
            get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            *(value.resolve(context) for value in self.vary),
        )
        html = _FIXED_FRAGMENTS.get(key)
        if html is None:
            if len(_FIXED_FRAGMENTS) >= _FIXED_FRAGMENTS_LIMIT:
                _FIXED_FRAGMENTS.clear()
            html = _FIXED_FRAGMENTS[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return html


@register.tag
def fixedfragment(parser: template.base.Parser, token: template.base.Token) -> FixedFragmentNode:
    """`{% fixedfragment "name" flag … %}…{% endfixedfragment %}`: the enclosed markup is
    rendered once per process for each language, URL prefix and value of the flags given,
    then reused by every page. Only for markup made of the template itself, translations,
    `{% url %}` links and those flags (the header's menus, the footer): never content from
    the database, the request path or the query string, which the key does not see.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    nodelist = parser.parse(("endfixedfragment",))
    parser.delete_first_token()
    return FixedFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])
