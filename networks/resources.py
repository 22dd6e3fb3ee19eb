"""Import and export of members and facilities (CSV, Excel) through django-import-export.

Files use Japanese column names and natural keys: districts, themes and target groups by
name, the member that runs a facility by its name, kinds by their label. A row is matched
to an existing record by name (members) or by member and name (facilities) and updated;
otherwise it is added. Every problem in a row is reported in Japanese under its column
name, and a file with any bad row imports nothing (see networks.admin.ImportExportAdmin).
"""

import re
from typing import Any

from django.core.exceptions import MultipleObjectsReturned, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core import spreadsheets
from networks.models import District, Facility, Member, TargetGroup, Theme

LIST_SEPARATOR = "、"
_SPLIT = re.compile(r"[、,，]")


class NameListWidget(widgets.ManyToManyWidget):
    """Several districts, themes or target groups by name: 「練馬、光が丘」 (「,」 also works).

    Unlike the stock widget, an unknown name is an error rather than silently dropped, and
    `required` lists must name at least one.
    """

    def __init__(self, model: type[Model], *, required: bool = False) -> None:
        super().__init__(model, separator=LIST_SEPARATOR, field="name")
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> QuerySet:
        names = [name.strip() for name in _SPLIT.split(str(value or "")) if name.strip()]
        if not names:
            if self.required:
                raise ValueError(_("1つ以上入力してください。"))
            return self.model.objects.none()
        found = self.model.objects.filter(name__in=names)
        unknown = sorted(set(names) - {obj.name for obj in found}, key=names.index)
        if unknown:
            choices = LIST_SEPARATOR.join(self.model.objects.values_list("name", flat=True))
            raise ValueError(
                _("「%(unknown)s」は登録されていません。次の中から選んでください：%(choices)s")
                % {"unknown": LIST_SEPARATOR.join(unknown), "choices": choices}
            )
        return found


class NameWidget(widgets.ForeignKeyWidget):
    """One district or member by its name, with Japanese messages."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__(model, field="name")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model | None:
        name = str(value or "").strip()
        if not name:
            return None
        try:
            return self.model.objects.get(name=name)
        except self.model.DoesNotExist:
            raise ValueError(
                _("「%(name)s」という%(model)sは登録されていません。")
                % {"name": name, "model": self.model._meta.verbose_name}
            ) from None
        except MultipleObjectsReturned:
            raise ValueError(
                _("「%(name)s」という%(model)sが複数あり、どれか決められません。")
                % {"name": name, "model": self.model._meta.verbose_name}
            ) from None


class LabelChoiceWidget(widgets.Widget):
    """A choice by its label (「社会福祉法人」); the stored value is also accepted."""

    def __init__(self, choices: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.choices = choices

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        for stored, label in self.choices:
            if text in (stored, str(label)):
                return stored
        raise ValueError(
            _("「%(value)s」は選べません。次の中から選んでください：%(choices)s")
            % {
                "value": text,
                "choices": LIST_SEPARATOR.join(str(label) for _value, label in self.choices),
            }
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.BooleanWidget):
    """公開: 「はい」/「いいえ」 (1/0 and TRUE/FALSE also work)."""

    TRUE_VALUES = ["はい", *widgets.BooleanWidget.TRUE_VALUES]
    FALSE_VALUES = ["いいえ", *widgets.BooleanWidget.FALSE_VALUES]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return None
        if value not in self.TRUE_VALUES and value not in self.FALSE_VALUES:
            raise ValueError(_("「はい」か「いいえ」で入力してください。"))
        return value in self.TRUE_VALUES

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return _("はい") if value else _("いいえ")


class DateWidget(widgets.DateWidget):
    """A date as 2015-07-29 or 2015/07/29 (Excel cells too), with a Japanese message."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("日付は「2015-07-29」か「2015/07/29」の形で入力してください。")
            ) from None


def _text(attribute: str, column: str) -> fields.Field:
    """A text column; an empty Excel cell is an empty string, not None."""
    return fields.Field(attribute, column, widget=widgets.CharWidget())


class JapaneseResource(resources.ModelResource):
    """Errors keyed by the file's column names, every row checked before anything is saved.

    Every exported cell goes through core.spreadsheets.safe_cell (CSV and Excel alike, so no
    cell is a formula), and every imported cell through read_cell, which removes exactly the
    quote the export added: an exported file imports unchanged.
    """

    def export(self, queryset: Any = None, **kwargs: Any) -> Any:
        return spreadsheets.safe_dataset(super().export(queryset, **kwargs))

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        spreadsheets.read_dataset(dataset)
        super().before_import(dataset, **kwargs)

    # Many-to-many fields are saved after the row; check them with the other fields first.
    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        errors: dict[str, ValidationError] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def get_instance(self, instance_loader: Any, row: dict) -> Model | None:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            column = self.fields[self.get_import_id_fields()[-1]].column_name
            for name in self.get_import_id_fields():
                try:
                    self.fields[name].clean(row)
                except ValueError:
                    column = self.fields[name].column_name
            raise ValidationError({column: [str(error)]}) from None
        except MultipleObjectsReturned:
            raise ValidationError(
                _("同じ名称の%(model)sが複数登録されているため、どれを更新するか決められません。")
                % {"model": self._meta.model._meta.verbose_name}
            ) from None

    def validate_instance(
        self,
        instance: Model,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {field.attribute: field.column_name for field in self.get_import_fields()}
            raise ValidationError(
                {columns.get(key, key): messages for key, messages in error.message_dict.items()}
            ) from None


class MemberResource(JapaneseResource):
    name = _text("name", "名称")
    name_kana = _text("name_kana", "よみがな")
    kind = fields.Field("kind", "種別", widget=LabelChoiceWidget(Member.Kind.choices))
    districts = fields.Field("districts", "地区", widget=NameListWidget(District, required=True))
    themes = fields.Field("themes", "参加しているテーマ", widget=NameListWidget(Theme))
    website = _text("website", "ウェブサイト")
    phone = _text("phone", "電話番号")
    joined_on = fields.Field("joined_on", "加入日", widget=DateWidget())
    description = _text("description", "紹介")
    is_listed = fields.Field("is_listed", "公開", widget=YesNoWidget(), default=True)

    class Meta:
        model = Member
        name = "会員（法人・団体）"
        fields = (
            "name",
            "name_kana",
            "kind",
            "districts",
            "themes",
            "website",
            "phone",
            "joined_on",
            "description",
            "is_listed",
        )
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class FacilityResource(JapaneseResource):
    member = fields.Field("member", "運営法人", widget=NameWidget(Member))
    name = _text("name", "名称")
    name_kana = _text("name_kana", "よみがな")
    target_groups = fields.Field(
        "target_groups", "対象", widget=NameListWidget(TargetGroup, required=True)
    )
    district = fields.Field("district", "地区", widget=NameWidget(District))
    address = _text("address", "所在地")
    phone = _text("phone", "電話番号")
    opening_notes = _text("opening_notes", "開所日・時間")
    accessibility_notes = _text("accessibility_notes", "バリアフリー情報")
    is_listed = fields.Field("is_listed", "公開", widget=YesNoWidget(), default=True)

    class Meta:
        model = Facility
        name = "施設・事業所"
        fields = (
            "member",
            "name",
            "name_kana",
            "target_groups",
            "district",
            "address",
            "phone",
            "opening_notes",
            "accessibility_notes",
            "is_listed",
        )
        import_id_fields = ("member", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
