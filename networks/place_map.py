"""The printable 居場所マップ: activities grouped by their nearest station, each with a QR code
to its page, for 民生委員, coordinators and notice boards."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from networks.models import Activity, Station


@dataclass
class Entry:
    activity: Activity
    url: str  # absolute: it is printed and read from paper
    qr_code: SafeString


@dataclass
class StationGroup:
    station: Station | None  # None: activities with no station recorded
    entries: list[Entry] = field(default_factory=list)


@lru_cache(maxsize=4096)  # an activity's code changes only with its address
def qr_code_svg(url: str, *, label: str) -> SafeString:
    """An inline SVG QR code of `url`, named for screen readers (role="img", aria-label).
    segno writes only presentation attributes (no style=), so the CSP needs no exception."""
    svg = segno.make(url, error="m").svg_inline(scale=3, border=4)  # the quiet zone readers need
    named = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return mark_safe(named)  # noqa: S308 -- segno's markup; the label is escaped


def group_by_station(activities: Iterable[Activity], *, site_url: str) -> list[StationGroup]:
    """One group per station (五十音順) with the activities near it, then those with none.

    An activity near two stations is under both: a reader looks up the station they use.
    `activities` come with their stations prefetched in 五十音 order.
    """
    by_station: dict[int, StationGroup] = {}
    without = StationGroup(station=None)
    for activity in activities:
        url = site_url.rstrip("/") + activity.get_absolute_url()
        entry = Entry(
            activity=activity,
            url=url,
            qr_code=qr_code_svg(url, label=_("%(title)s のページのQRコード") % {"title": activity}),
        )
        stations = list(activity.stations.all())
        for station in stations:
            by_station.setdefault(station.pk, StationGroup(station=station)).entries.append(entry)
        if not stations:
            without.entries.append(entry)
    groups = sorted(
        by_station.values(),
        key=lambda group: (group.station.name_kana, group.station.pk),  # type: ignore[union-attr]
    )
    return [*groups, without] if without.entries else groups
