"""Action items as list cards, built in Python.

A pillar's, a force's or a tag's page lists dozens of items, each with its tags and forces:
as a template loop that was some thousand variable look-ups and most of the page's time.
The markup is the same, byte for byte, as the template loop it replaces
(templates/includes/action_item_cards.html calls this tag).
"""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.display import count_label, sample_badge
from pillars.models import DrivingForce

register = template.Library()


@register.simple_tag
def action_item_cards(items: Iterable, heading: str = "", show_pillar: bool = False) -> SafeString:
    """`items` from ActionItem.objects.for_listing() (prefetched `listed_hashtags` and
    `listed_forces`); `heading` the title's tag (default h3); `show_pillar` names the pillar."""
    tags_label = escape(gettext("ハッシュタグ"))
    forces_label = escape(gettext("関わる推進力："))
    comma = escape(gettext("、"))
    h = escape(heading or "h3")
    # A tag, a force or a pillar appears on many cards: its markup is made once per list
    tag_items: dict[int, str] = {}
    force_links: dict[int, str] = {}
    pillar_metas: dict[int, str] = {}
    parts = []
    for item in items:
        pk = escape(item.pk)
        parts.append(
            f'<li><article class="card" aria-labelledby="item-{pk}">\n'
            f'  <{h} class="card__title" id="item-{pk}">\n'
            f'  <a href="{escape(item.get_absolute_url())}" lang="ja">'
            f"{conditional_escape(item.shown.title)}</a>\n</{h}>\n  {sample_badge(item)}\n  "
        )
        if show_pillar:
            pillar = item.pillar
            meta = pillar_metas.get(pillar.pk)
            if meta is None:
                meta = pillar_metas[pillar.pk] = (
                    f'<p class="card__meta"><a href="{escape(pillar.get_absolute_url())}" '
                    f'lang="ja">{escape(pillar)}</a></p>'
                )
            parts.append(meta)
        parts.append("\n  ")
        if item.listed_hashtags:
            parts.append(f'\n    <ul class="tags" aria-label="{tags_label}">\n      ')
            for tag in item.listed_hashtags:
                tag_item = tag_items.get(tag.pk)
                if tag_item is None:
                    tag_item = tag_items[tag.pk] = (
                        f'\n        <li><a class="tag" href="{escape(tag.get_absolute_url())}" '
                        f'lang="ja">{escape(tag)}</a>{sample_badge(tag)}</li>\n      '
                    )
                parts.append(tag_item)
            parts.append("\n    </ul>\n  ")
        parts.append("\n  ")
        if item.listed_forces:
            links = comma.join(
                force_links.get(force.pk) or force_links.setdefault(force.pk, _force_link(force))
                for force in item.listed_forces
            )
            parts.append(f'\n    <p class="card__meta">{forces_label}{links}</p>\n  ')
        parts.append("\n</article></li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _force_link(force: DrivingForce) -> str:
    return f'<a href="{escape(force.get_absolute_url())}" lang="ja">{escape(force.shown.name)}</a>'


@register.simple_tag
def hashtag_items(hashtags: Iterable, counts: bool = False) -> SafeString:
    """The <li> links of a tag list (templates/includes/hashtag_list.html): `hashtags` are
    Hashtag objects, with their counts after Hashtag.objects.in_use() (`counts`). The home
    page lists every tag in use: as a template loop, a tenth of the page's time."""
    parts = []
    for tag in hashtags:
        count = f' <span class="tag__count">{count_label(tag.item_count)}</span>' if counts else ""
        parts.append(
            f'\n      <li><a class="tag" href="{escape(tag.get_absolute_url())}" lang="ja">'
            f"{escape(tag)}{count}</a>{sample_badge(tag)}</li>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
