"""Export and re-import of indicator values and yearly evaluations (CSV, Excel).

The file an export writes is the file an import reads: the same Japanese column names, one row
per (indicator, fiscal year) or (fiscal year, action item). Rows are matched by those keys and
updated, else added. Columns that only help a person read the file (取組項目, 指標, 単位) are
written on export and ignored on import. A file with any bad row imports nothing, and each
problem is named by row and column in Japanese (networks.admin.ImportExportAdmin).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import JapaneseResource, LabelChoiceWidget, YesNoWidget
from pillars.models import ActionItem
from progress.models import Evaluation, Indicator, IndicatorValue


class RecordIdWidget(widgets.ForeignKeyWidget):
    """A record by its ID number (the number the export wrote), with a Japanese message."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return self.model.objects.get(pk=int(Decimal(text)))
        except (InvalidOperation, ValueError, self.model.DoesNotExist):
            raise ValueError(
                _("ID「%(value)s」の%(model)sは登録されていません。")
                % {"value": text, "model": self.model._meta.verbose_name}
            ) from None


class FiscalYearWidget(widgets.IntegerWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        try:
            return super().clean(value, row, **kwargs)
        except (InvalidOperation, ValueError, TypeError):
            raise ValueError(_("年度は西暦の数字で入力してください（例：2025）。")) from None


class NumberWidget(widgets.DecimalWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        try:
            return super().clean(value, row, **kwargs)
        except (InvalidOperation, ValueError, TypeError):
            raise ValueError(_("数値で入力してください（例：12、3.5）。")) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else f"{value:f}"


def _text(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute, column, widget=widgets.CharWidget())


def _shown(attribute: str, column: str) -> fields.Field:
    """Written on export to help the reader, ignored on import."""
    return fields.Field(attribute, column, widget=widgets.CharWidget(), readonly=True)


class IndicatorValueResource(JapaneseResource):
    indicator = fields.Field("indicator", "指標ID", widget=RecordIdWidget(Indicator))
    action_item_title = _shown("indicator__action_item__title", "取組項目")
    indicator_name = _shown("indicator__name", "指標")
    unit = _shown("indicator__unit", "単位")
    fiscal_year = fields.Field("fiscal_year", "年度", widget=FiscalYearWidget())
    value = fields.Field("value", "実績値", widget=NumberWidget())
    note = _text("note", "備考")

    class Meta:
        model = IndicatorValue
        name = "指標の実績値"
        fields = (
            "indicator",
            "action_item_title",
            "indicator_name",
            "unit",
            "fiscal_year",
            "value",
            "note",
        )
        import_id_fields = ("indicator", "fiscal_year")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_export_queryset(self, request: Any = None) -> Any:
        return IndicatorValue.objects.select_related("indicator__action_item").order_by(
            "indicator__action_item__pk", "indicator__order", "indicator__pk", "fiscal_year"
        )


class EvaluationResource(JapaneseResource):
    fiscal_year = fields.Field("fiscal_year", "年度", widget=FiscalYearWidget())
    action_item = fields.Field("action_item", "取組項目ID", widget=RecordIdWidget(ActionItem))
    action_item_title = _shown("action_item__title", "取組項目")
    grade = fields.Field("grade", "自己評価", widget=LabelChoiceWidget(Evaluation.Grade.choices))
    done = _text("done", "取り組んだこと")
    issues = _text("issues", "見えてきた課題")
    next_direction = _text("next_direction", "次年度の方向性")
    is_published = fields.Field("is_published", "公開", widget=YesNoWidget(), default=False)

    class Meta:
        model = Evaluation
        name = "点検・評価"
        fields = (
            "fiscal_year",
            "action_item",
            "action_item_title",
            "grade",
            "done",
            "issues",
            "next_direction",
            "is_published",
        )
        import_id_fields = ("fiscal_year", "action_item")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_export_queryset(self, request: Any = None) -> Any:
        return Evaluation.objects.select_related("action_item").order_by(
            "fiscal_year", "action_item__pk"
        )
