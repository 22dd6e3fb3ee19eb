"""The case page's timeline (経過記録), written in Python.

Drawn by the template engine, the timeline was some 700 function calls an entry (its kind's
label through `get_kind_display`, which builds the choices dict again on each call, three
`blocktranslate`s, a `{% url %}`, the date filters), an eighth of the case page; built here the
labels are translated once for the page, the correction link is reversed once and the entry's
key put into it. The markup is the loop's that was in templates/staff/case_detail.html, byte for
byte (kept as tests/staff/case_timeline_loop.html, and the test compares both): change both
together.
"""

import datetime as dt
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import Entry
from staff.case_rows import long_date, month_day

ENTRY = (
    '\n          <li class="staff-timeline__entry">'
    '\n            <h3 class="staff-timeline__title">{date} {kind}：{summary}</h3>'
    '\n            <p class="staff-timeline__meta">{recorded_by}{badge}</p>'
    '\n            <div class="staff-text">{detail}</div>'
    "\n            {history}"
    '\n            <p><a href="{url}">{correct}</a></p>'
    "\n          </li>"
    "\n        "
)
HISTORY = (
    '\n              <details class="staff-history">'
    "\n                <summary>{summary}</summary>"
    "\n                {versions}"
    "\n              </details>"
    "\n            "
)
VERSION = (
    '\n                  <div class="staff-history__version">'
    '\n                    <p class="staff-timeline__meta">'
    "{date} {kind}：{summary}（{staff}、{created}）</p>"
    '\n                    <div class="staff-text">{detail}</div>'
    "\n                  </div>"
    "\n                "
)
# A key no entry has, put in the reversed correction link and replaced by each entry's.
_PLACEHOLDER_PK = 987654321


def timeline(case_number: str, items: list[tuple[Entry, list[Entry]]]) -> SafeString:
    """The `<li>`s of the timeline: each current entry with the versions it corrects (newest
    first), in the page's order. Entries come with their `staff` (select_related)."""
    if not items:
        return mark_safe("")
    kinds = {value: escape(str(label)) for value, label in Entry.Kind.choices}
    badge = f' <span class="staff-badge">{_("訂正あり")}</span>'
    url = escape(reverse("staff:entry_correct", args=[case_number, _PLACEHOLDER_PK]))
    url_before, url_after = url.split(str(_PLACEHOLDER_PK))
    recorded_by = _("記録：%(name)s")
    correct = _("%(date)sの記録を訂正する")
    parts = []
    for entry, history in items:
        parts.append(
            ENTRY.format(
                date=long_date(entry.occurred_on),
                kind=kinds.get(entry.kind) or escape(str(entry.kind)),
                summary=escape(str(entry.summary)),
                recorded_by=recorded_by % {"name": escape(entry.staff.name)},
                badge=badge if history else "",
                detail=linebreaks(entry.detail, autoescape=True),
                history=_history(history, kinds) if history else "",
                url=f"{url_before}{entry.pk}{url_after}",
                correct=correct % {"date": month_day(entry.occurred_on)},
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped, the labels above)


def _history(history: list[Entry], kinds: dict[str, str]) -> str:
    count = len(history)
    summary = ngettext("訂正前の記録（%(counter)s件）", "訂正前の記録（%(counter)s件）", count) % {
        "counter": count
    }
    versions = "".join(
        VERSION.format(
            date=long_date(old.occurred_on),
            kind=kinds.get(old.kind) or escape(str(old.kind)),
            summary=escape(str(old.summary)),
            staff=escape(old.staff.name),
            created=_date_time(old.created_at),
            detail=linebreaks(old.detail, autoescape=True),
        )
        for old in history
    )
    return HISTORY.format(summary=summary, versions=versions)


def _date_time(moment: dt.datetime) -> str:
    """`{{ moment|date:"Y年n月j日 H:i" }}`: in the current time zone, as the filter writes it."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{long_date(local)} {local.hour:02}:{local.minute:02}"
