"""The dashboard's rows, built in Python.

Forty rows a visit (ten a panel), each with a date, a link and a label or two: as template
loops that was a third of the page's time. The markup is the same, byte for byte, as the
loops they replace (the rows' indentation included: tests/staff/test_dashboard_rows.py holds
the page to the template it had, kept beside it).
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

# Each row as a {% for %} loop wrote it: on its own line, indented as the loop was
ROW = "\n            <li>{}</li>\n          "


def _rows(items: Iterable[str]) -> SafeString:
    return mark_safe("".join(ROW.format(item) for item in items))  # noqa: S308 - escaped by the callers


def _link(cases_url: str, number: str) -> str:
    number = conditional_escape(number)
    return f'<a href="{conditional_escape(cases_url)}{number}/">{number}</a>'


@register.simple_tag
def task_rows(tasks: Iterable[Any], cases_url: str, overdue: bool = False) -> SafeString:
    """A follow-up due today, or one overdue (with its due date): `task.case` selected."""
    if overdue:
        badge = f'<span class="staff-badge staff-badge--alert">{gettext("期限切れ")}</span>'
        return _rows(
            f"{badge} {format_date(task.due_on, 'n月j日')} "
            f"{_link(cases_url, task.case.number)} {conditional_escape(task.title)}"
            for task in tasks
        )
    badge = f'<span class="staff-badge">{gettext("今日")}</span>'
    return _rows(
        f"{badge} {_link(cases_url, task.case.number)} {conditional_escape(task.title)}"
        for task in tasks
    )


@register.simple_tag
def case_rows(cases: Iterable[Any], cases_url: str) -> SafeString:
    """My open cases: number, status, date received and the person's reading (or 匿名)."""
    no_reading, anonymous = gettext("よみがな未記入"), gettext("匿名")
    rows = []
    for case in cases:
        who = conditional_escape(case.person.kana or no_reading) if case.person else anonymous
        rows.append(
            f"{_link(cases_url, case.number)} {conditional_escape(case.get_status_display())}"
            f"・{format_date(case.received_on, 'Y年n月j日')}・{who}"
        )
    return _rows(rows)


@register.simple_tag
def inquiry_rows(inquiries: Iterable[Any]) -> SafeString:
    """New inquiries: reference, topic and when it came (local time)."""
    return _rows(
        f"{conditional_escape(inquiry.reference)} "
        f"{conditional_escape(inquiry.get_topic_display())}"
        f"・{format_date(timezone.localtime(inquiry.received_at), 'n月j日 H:i')}"
        for inquiry in inquiries
    )


@register.simple_tag
def entry_rows(entries: Iterable[Any], cases_url: str) -> SafeString:
    """Recent entries: date, case, kind and who wrote it (`entry.case` and `.staff` selected)."""
    return _rows(
        f"{format_date(entry.occurred_on, 'n月j日')} {_link(cases_url, entry.case.number)} "
        f"{conditional_escape(entry.get_kind_display())}"
        f"（{conditional_escape(entry.staff.name)}）"
        for entry in entries
    )
