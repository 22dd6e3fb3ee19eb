"""The case list's rows, read as plain values and written in Python.

Drawn by the template engine, a row of the list cost some 700 function calls (seven cells,
each with its label for narrow screens), a third of the whole page; built here from one
`values_list` query, 50 rows cost a few thousand. Each case's categories are named from its row's
own copy of them (Case.category_keys) and the categories the list's filter has read anyway
(the query of the page's category links is gone), in the categories' order. The
markup is the table's in templates/staff/case_list.html (its header, caption and styles):
change both together. The labels (the same on every row) are escaped once for the page, each
row's values with the standard library's escape (Django's `escape` is the same call wrapped):
through `format_html` a page cost some 900 escape calls, a millisecond.
"""

import datetime as dt
from collections.abc import Iterable
from html import escape

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations.models import Case, Category
from consultations.models.cases import CATEGORY_SEPARATOR

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
    "category_keys",
)


def long_date(day: dt.date) -> str:
    """As the templates write a date: `{{ day|date:"Y年n月j日" }}` (the same in every language)."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: dt.date) -> str:
    """`{{ day|date:"n月j日" }}`, likewise."""
    return f"{day.month}月{day.day}日"


def case_rows(cases: QuerySet[Case], categories: Iterable[Category]) -> list[SafeString]:
    """One `<tr>` per case of the page (already narrowed to it), in its order; `categories`
    are every category, in their order (Category.Meta.ordering)."""
    values = list(cases.values_list(*COLUMNS))
    named = {str(category.pk): (place, category.name) for place, category in enumerate(categories)}
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
        _pk,
        number,
        received_on,
        confidentiality,
        status,
        person_id,
        kana,
        district,
        primary,
        category_keys,
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
                    categories=escape("、".join(_category_names(category_keys, named))),
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


def _category_names(category_keys: str, named: dict[str, tuple[int, str]]) -> list[str]:
    """The names of a case's categories ("|1|5|"), in the categories' order."""
    found = [named[key] for key in category_keys.split(CATEGORY_SEPARATOR) if key in named]
    return [name for _place, name in sorted(found)]


def join_rows(rows: list[SafeString]) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308 (each row was built by format_html)
