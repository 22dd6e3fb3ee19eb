"""Members (法人・団体) as list cards, built in Python.

The members' directory shows twenty cards, each with its kind, districts and themes: as a
template loop that was some four hundred variable look-ups and two hundred translations a
page, the largest part of its time at the directory's size. The markup is the same, byte for
byte, as the template loop it replaces (templates/includes/member_cards.html calls this tag;
tests/networks/test_member_cards.py holds the two together).
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.display import sample_badge
from networks.models import Member

register = template.Library()


@register.simple_tag
def member_cards(members: Iterable[Any], heading: str = "") -> SafeString:
    """`members` with `listed_districts` and `listed_themes` prefetched; `heading` the
    title's tag (default h3)."""
    # The words as {% translate %} put them in: as they are (the catalogues are ours)
    kind_label, district_label, theme_label = gettext("種別"), gettext("地区"), gettext("テーマ")
    comma = gettext("、")
    # The kinds' names, translated once (get_kind_display() looks the choices up on each call)
    kinds = {value: conditional_escape(label) for value, label in Member.Kind.choices}
    h = conditional_escape(heading or "h3")
    parts = []
    for member in members:
        pk = conditional_escape(member.pk)
        districts = comma.join(
            conditional_escape(district.name) for district in member.listed_districts
        )
        themes = ""
        if member.listed_themes:
            names = comma.join(conditional_escape(theme.name) for theme in member.listed_themes)
            themes = f'\n      <div><dt>{theme_label}</dt><dd lang="ja">{names}</dd></div>\n    '
        kind = kinds.get(member.kind, conditional_escape(member.kind))
        parts.append(
            f'<li><article class="card directory-card" aria-labelledby="member-{pk}">\n'
            f'  <{h} class="card__title" id="member-{pk}">\n'
            f'  <a href="{conditional_escape(member.get_absolute_url())}" lang="ja">'
            f"{conditional_escape(member.name)}</a>\n"
            f"</{h}>\n"
            f"  {sample_badge(member)}\n"
            f'  <p class="card__kana" lang="ja">{conditional_escape(member.name_kana)}</p>\n'
            '  <dl class="facts facts--compact">\n'
            f"    <div><dt>{kind_label}</dt><dd>{kind}</dd></div>\n"
            f'    <div><dt>{district_label}</dt><dd lang="ja">{districts}</dd></div>\n'
            f"    {themes}\n"
            "  </dl>\n"
            "</article></li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped (the words are the catalogue's)
