"""Supervisors' statistics as tables for the page and the CSV.

The figures are consultations.statistics.supervisor_report's, over the cases the supervisor
may see (`Case.objects.visible_to(user)`, passed in), so a report never counts a case they
could not open: new cases by month, category, district and channel; closures by outcome;
referrals by destination.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.models import Case
from consultations.statistics import supervisor_report


@dataclass
class Table:
    slug: str
    title: str
    label: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)


def build(cases: QuerySet[Case], *, start: dt.date, end: dt.date) -> list[Table]:
    report = supervisor_report(cases, start=start, end=end)
    unknown = _("（未記入）")

    def rows(key: str) -> list[tuple[str, int]]:
        return [(str(row["label"] or unknown), row["count"]) for row in report[key]]

    return [
        Table(
            "month",
            _("月別の新規受付"),
            _("月"),
            [(date_format(row["month"], "Y年n月"), row["count"]) for row in report["by_month"]],
        ),
        Table(
            "category",
            _("分類別の新規受付（複数の分類に当たるケースはそれぞれに数えます）"),
            _("分類"),
            rows("by_category"),
        ),
        Table("district", _("地区別の新規受付"), _("地区"), rows("by_district")),
        Table("channel", _("相談経路別の新規受付"), _("相談経路"), rows("by_channel")),
        Table("outcome", _("結果別の終結"), _("結果"), rows("closures_by_outcome")),
        Table(
            "destination", _("つなぎ先別の紹介"), _("つなぎ先"), rows("referrals_by_destination")
        ),
    ]


def csv_rows(tables: list[Table]) -> list[list[object]]:
    rows: list[list[object]] = [[_("表"), _("項目"), _("件数")]]
    for table in tables:
        rows += [[table.title, label, count] for label, count in table.rows]
    return rows
