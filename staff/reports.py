"""Supervisors' statistics: counts over the cases the supervisor may see, one GROUP BY each.

New cases by month, category, district and channel; closures by outcome; referrals by
destination. The cases passed in are `Case.objects.visible_to(user)`, so a supervisor's
report never counts a case they could not open.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.models import Case, Referral


@dataclass
class Table:
    slug: str
    title: str
    label: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)


def _choice_rows(queryset: QuerySet, field: str, choices: list[tuple[str, str]]) -> list:
    counts = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    labels = dict(choices)
    return [(str(labels.get(key, key or _("（未記入）"))), n) for key, n in counts.items() if n]


def build(cases: QuerySet[Case], *, start: dt.date, end: dt.date) -> list[Table]:
    received = cases.filter(received_on__gte=start, received_on__lte=end)
    closed = cases.filter(closed_on__gte=start, closed_on__lte=end)
    by_month = (
        received.annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    by_category = (
        received.values_list("categories__name", "categories__order")
        .annotate(n=Count("pk"))
        .order_by("categories__order", "categories__name")
    )
    by_district = (
        received.values_list("district__name", "district__pk")
        .annotate(n=Count("pk"))
        .order_by("district__pk")
    )
    by_destination = (
        Referral.objects.filter(case__in=cases, referred_on__gte=start, referred_on__lte=end)
        .values_list("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    unknown = _("（未記入）")
    return [
        Table(
            "month",
            _("月別の新規受付"),
            _("月"),
            [(date_format(month, "Y年n月"), n) for month, n in by_month],
        ),
        Table(
            "category",
            _("分類別の新規受付（複数の分類に当たるケースはそれぞれに数えます）"),
            _("分類"),
            [(name or unknown, n) for name, _order, n in by_category],
        ),
        Table(
            "district",
            _("地区別の新規受付"),
            _("地区"),
            [(name or unknown, n) for name, _pk, n in by_district],
        ),
        Table(
            "channel",
            _("受付方法別の新規受付"),
            _("受付方法"),
            _choice_rows(received, "channel", Case._meta.get_field("channel").choices),
        ),
        Table(
            "outcome",
            _("結果別の終結"),
            _("結果"),
            _choice_rows(closed, "outcome", Case._meta.get_field("outcome").choices or []),
        ),
        Table(
            "destination",
            _("つなぎ先別の紹介"),
            _("つなぎ先"),
            [(name or unknown, n) for name, n in by_destination],
        ),
    ]


def csv_rows(tables: list[Table]) -> list[list[object]]:
    rows: list[list[object]] = [[_("表"), _("項目"), _("件数")]]
    for table in tables:
        rows += [[table.title, label, count] for label, count in table.rows]
    return rows
