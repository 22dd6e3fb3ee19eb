"""The case list's rows, read as plain values and written in Python.

Drawn by the template engine, a row of the list cost some 700 function calls (seven cells,
each with its label for narrow screens), a third of the whole page; built here from one
`values_list` query and the categories of the page's cases, 50 rows cost a few thousand. The
markup is the table's in templates/staff/case_list.html (its header, caption and styles):
change both together. The labels (the same on every row) are escaped once for the page, each
row's values with the standard library's escape (Django's `escape` is the same call wrapped):
through `format_html` a page cost some 900 escape calls, a millisecond.
"""

import datetime as dt
from collections import defaultdict
from html import escape

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations.models import Case

ROW = (
    "<tr>"
    '<th scope="row" data-label="{label_number}"><a href="{url}">{number}</a>{badge}</th>'
    '<td data-label="{label_received}">{received}</td>'
    '<td data-label="{label_person}">{person}</td>'
    '<td data-label="{label_categories}">{categories}</td>'
    '<td data-label="{label_district}">{district}</td>'
    '<td data-label="{label_status}">{status}</td>'
    '<td data-label="{label_primary}">{primary}</td>'
    "</tr>\n"
)
BADGE = ' <span class="staff-badge staff-badge--alert">{}</span>'
# The cells ROW fills in for each case; the rest of its fields are labels.
CELLS = (
    "url",
    "number",
    "badge",
    "received",
    "person",
    "categories",
    "district",
    "status",
    "primary",
)
COLUMNS = (
    "pk",
    "number",
    "received_on",
    "confidentiality",
    "status",
    "person_id",
    "person__kana",
    "district__name",
    "primary_staff__name",
)


def long_date(day: dt.date) -> str:
    """As the templates write a date: `{{ day|date:"Y年n月j日" }}` (the same in every language)."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: dt.date) -> str:
    """`{{ day|date:"n月j日" }}`, likewise."""
    return f"{day.month}月{day.day}日"


def case_rows(cases: QuerySet[Case]) -> list[SafeString]:
    """One `<tr>` per case of the page (already narrowed to it), in its order."""
    values = list(cases.values_list(*COLUMNS))
    names = _category_names([row[0] for row in values])
    labels = {
        "label_number": _("ケース番号"),
        "label_received": _("受付日"),
        "label_person": _("本人"),
        "label_categories": _("分類"),
        "label_district": _("地区"),
        "label_status": _("状態"),
        "label_primary": _("主担当"),
    }
    row = ROW.format(
        **{name: _braced(escape(str(label))) for name, label in labels.items()},
        **{name: f"{{{name}}}" for name in CELLS},
    )
    badge = format_html(BADGE, _("制限"))
    no_kana, anonymous = escape(_("よみがな未記入")), escape(_("匿名"))
    cases_url = escape(reverse("staff:cases"))
    status_labels = {value: escape(str(label)) for value, label in Case.Status.choices}
    rows = []
    for (
        pk,
        number,
        received_on,
        confidentiality,
        status,
        person_id,
        kana,
        district,
        primary,
    ) in values:
        number = escape(number)
        rows.append(
            mark_safe(  # noqa: S308 (every value is escaped, the labels above)
                row.format(
                    url=f"{cases_url}{number}/",
                    number=number,
                    badge=badge if confidentiality == Case.Confidentiality.RESTRICTED else "",
                    received=long_date(received_on),
                    person=(escape(kana) if kana else no_kana)
                    if person_id is not None
                    else anonymous,
                    categories=escape("、".join(names.get(pk, ()))),
                    district=escape(district) if district else "",
                    status=status_labels.get(status) or escape(status),
                    primary=escape(primary) if primary else "",
                )
            )
        )
    return rows


def _braced(text: str) -> str:
    """Text put into a format string, its braces kept as braces."""
    return text.replace("{", "{{").replace("}", "}}")


def _category_names(case_ids: list[int]) -> dict[int, list[str]]:
    """The names of each case's categories, in the categories' order (one query)."""
    if not case_ids:
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    through = Case.categories.through.objects.filter(case_id__in=case_ids)
    for case_id, name in through.order_by("category__order", "category_id").values_list(
        "case_id", "category__name"
    ):
        names[case_id].append(name)
    return names


def join_rows(rows: list[SafeString]) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308 (each row was built by format_html)
