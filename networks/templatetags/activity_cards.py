"""Activities as list cards, built in Python.

The activity list shows twenty cards and a hashtag's page ten, each with a dozen facts: as a
template loop that was several hundred variable look-ups and a good part of the page's time.
The markup is the same, byte for byte, as the template loop it replaces
(templates/includes/activity_cards.html calls this tag).
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.display import date_with_weekday, sample_badge
from networks.models import Activity

register = template.Library()


@register.simple_tag
def activity_cards(
    activities: Iterable[Any], heading: str = "", dates_chosen: bool = False
) -> SafeString:
    """`activities` from Activity.objects.for_listing().upcoming_first() (`next_on` the next
    date) or taking_place_between() (`dates_chosen`: `next_on` is the first date in the
    range, shown as 「開催日」); `heading` the title's tag (default h3)."""
    # The words the template looked up once ({% translate … as … %}: put in as they are)
    dot, comma = gettext("・"), gettext("、")
    next_label = gettext("開催日") if dates_chosen else gettext("次回")
    schedule_label = gettext("日程")
    district_label = gettext("地区")
    audience_label = gettext("対象")
    organiser_label = gettext("主催")
    paused_badge = f' <span class="badge badge--paused">{escape(gettext("休止中"))}</span>'
    h = escape(heading or "h3")
    # The kinds' names, translated once (get_kind_display() looks the choices up on each call)
    kinds = {value: str(label) for value, label in Activity.Kind.choices}
    today = timezone.localdate()
    parts = []
    for activity in activities:
        pk = escape(activity.pk)
        paused = activity.is_paused_on(today)
        kind = kinds.get(activity.kind, activity.kind)
        theme = (
            ""  # a theme with its kind's name is said once (Activity.theme_repeats_kind)
            if activity.theme.name == kind
            else f'{dot}<span lang="ja">{escape(activity.theme.name)}</span>'
        )
        if activity.next_on:
            next_on = date_with_weekday(activity.next_on)
        elif paused:
            next_on = escape(gettext("休止中です"))
        else:
            next_on = escape(gettext("予定されている日程はありません"))
        recurrence = (
            f'<div><dt>{schedule_label}</dt><dd lang="ja">{escape(activity.recurrence_text)}'
            "</dd></div>"
            if activity.is_recurring
            else ""
        )
        groups = activity.listed_audiences
        audience = "".join(
            f'<span lang="ja">{escape(group.name)}</span>'
            + (comma if index < len(groups) - 1 or activity.open_to_all else "")
            for index, group in enumerate(groups)
        )
        if activity.open_to_all:
            audience += escape(gettext("どなたでも"))
        elif not groups:
            audience += escape(gettext("指定なし"))
        parts.append(
            f'<li><article class="card directory-card" aria-labelledby="activity-{pk}">\n'
            f'  <{h} class="card__title" id="activity-{pk}">\n'
            f'  <a href="{escape(activity.get_absolute_url())}" lang="ja">'
            f"{conditional_escape(activity.shown.title)}</a>\n"
            f"</{h}>\n"
            f"  {sample_badge(activity)}\n"
            f'  <p class="card__meta">{escape(kind)}{theme}'
            f"{paused_badge if paused else ''}</p>\n"
            '  <dl class="facts facts--compact">\n'
            "    <div>\n"
            f"      <dt>{next_label}</dt>\n"
            f"      <dd>{next_on}</dd>\n"
            "    </div>\n"
            f"    {recurrence}\n"
            f'    <div><dt>{district_label}</dt><dd lang="ja">{escape(activity.district.name)}'
            "</dd></div>\n"
            f"    <div><dt>{audience_label}</dt><dd>{audience}</dd></div>\n"
            f'    <div><dt>{organiser_label}</dt><dd lang="ja">{escape(activity.organiser.name)}'
            "</dd></div>\n"
            "  </dl>\n"
            "</article></li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
