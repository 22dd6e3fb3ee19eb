"""The base of every spreadsheet import and export in the admin (django-import-export):
Japanese column names, natural keys, every problem of a row in Japanese under its column, and
all-or-nothing files.

Large files (10,000 rows) import in seconds: names are looked up once per file, not once per
row; the records a file updates are fetched together; rows are checked one by one without
writing, and only a file without problems is written, in bulk, in one transaction
(JapaneseResource). The admin runs imports as background tasks (core/imports.py,
core/import_admin.py). Each app's resources (networks, progress) build on these classes.
"""

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, MultipleObjectsReturned, ValidationError
from django.db import models, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result

from core import spreadsheets
from core.pagecache import content_changed
from core.signals import records_written

LIST_SEPARATOR = "、"
_SPLIT = re.compile(r"[、,，]")


class NameListWidget(widgets.ManyToManyWidget):
    """Several districts, themes or target groups by name: 「練馬、光が丘」 (「,」 also works).

    Unlike the stock widget, an unknown name is an error rather than silently dropped, and
    `required` lists must name at least one. The message lists the names to choose from,
    unless `list_choices` is False (hashtags: too many to list).
    """

    def __init__(
        self, model: type[Model], *, required: bool = False, list_choices: bool = True
    ) -> None:
        super().__init__(model, separator=LIST_SEPARATOR, field="name")
        self.required = required
        self.list_choices = list_choices
        self.known: dict[str, Model] | None = None  # by name, while a file is imported

    def prepare(self, values: Iterable[Any]) -> None:
        """Before a file: every row's names in one query (reference lists are short)."""
        self.known = {obj.name: obj for obj in self.model.objects.all()}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        names = [name.strip() for name in _SPLIT.split(str(value or "")) if name.strip()]
        if not names:
            if self.required:
                raise ValueError(_("1つ以上入力してください。"))
            return [] if self.known is not None else self.model.objects.none()
        if self.known is not None:
            found: Any = [self.known[name] for name in dict.fromkeys(names) if name in self.known]
        else:
            found = self.model.objects.filter(name__in=names)
        unknown = sorted(set(names) - {obj.name for obj in found}, key=names.index)
        if unknown and not self.list_choices:
            raise ValueError(
                _("「%(unknown)s」という%(model)sは登録されていません。")
                % {"unknown": LIST_SEPARATOR.join(unknown), "model": self.model._meta.verbose_name}
            )
        if unknown:
            if self.known is not None:
                choices = LIST_SEPARATOR.join(self.known)  # keyed by name
            else:
                choices = LIST_SEPARATOR.join(self.model.objects.values_list("name", flat=True))
            raise ValueError(
                _("「%(unknown)s」は登録されていません。次の中から選んでください：%(choices)s")
                % {"unknown": LIST_SEPARATOR.join(unknown), "choices": choices}
            )
        return found


class NameWidget(widgets.ForeignKeyWidget):
    """One district, theme or member by its name, with Japanese messages."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__(model, field="name")
        self.known: dict[str, list[Model]] | None = None  # by name, while a file is imported

    def prepare(self, values: Iterable[Any]) -> None:
        """Before a file: the records every row names, a few hundred names per query."""
        names = sorted({str(value or "").strip() for value in values} - {""})
        self.known = defaultdict(list)
        for chunk in _chunks(names):
            for obj in self.get_queryset(None, None).filter(name__in=chunk).order_by("pk"):
                self.known[obj.name].append(obj)

    def candidates(self, name: str, row: Any) -> list[Model]:
        """The records this name may mean (two are enough to know it is ambiguous)."""
        if self.known is not None:
            return self.known.get(name, [])
        return list(self.get_queryset(name, row).filter(name=name).order_by("pk")[:2])

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model | None:
        name = str(value or "").strip()
        if not name:
            return None
        matches = self.candidates(name, row)
        if not matches:
            raise ValueError(
                _("「%(name)s」という%(model)sは登録されていません。")
                % {"name": name, "model": self.model._meta.verbose_name}
            )
        if len(matches) > 1:
            raise ValueError(
                _("「%(name)s」という%(model)sが複数あり、どれか決められません。")
                % {"name": name, "model": self.model._meta.verbose_name}
            )
        return matches[0]


class LabelChoiceWidget(widgets.Widget):
    """A choice by its label (「社会福祉法人」); the stored value is also accepted, and a label
    without the note in brackets at its end (「毎月」 for 「毎月（第何週）」)."""

    def __init__(self, choices: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.choices = choices
        self.labels: list[tuple[str, str]] | None = None  # translated once per file

    def prepare(self, values: Iterable[Any]) -> None:
        self.labels = [(stored, str(label)) for stored, label in self.choices]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        for stored, label in self.labels or self.choices:
            label = str(label)
            if text in (stored, label, label.split("（")[0]):
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


class CoordinateWidget(widgets.DecimalWidget):
    """A latitude or longitude as a decimal number (35.7377), with a Japanese message; its
    range is the model field's (checked with the row)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(_("「35.7377」のような数で入力してください。")) from None


class DateWidget(widgets.DateWidget):
    """A date as 2015-07-29 or 2015/07/29 (Excel cells too), with a Japanese message."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime):  # an Excel date cell (openpyxl reads a datetime)
            return value.date()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("日付は「2015-07-29」か「2015/07/29」の形で入力してください。")
            ) from None


class TimeWidget(widgets.TimeWidget):
    """A time as 10:00 (10:00:00, full-width digits and Excel time cells too)."""

    def __init__(self) -> None:
        super().__init__(format="%H:%M")
        self.formats = ("%H:%M", "%H:%M:%S")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.time()
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(_("時刻は「10:00」の形で入力してください。")) from None


class NumberListWidget(widgets.Widget):
    """A list of numbers stored in a JSON field, written as names: 曜日 「月、水」 (or 「月曜日・
    水曜日」), 第何週 「第2、第4」 (or 「2、4」). Each value's first spelling is the exported one;
    the list is stored sorted, without repeats."""

    _SPLIT = re.compile(r"[、,，・\s]+")

    def __init__(self, spellings: dict[int, list[str]]) -> None:
        super().__init__()
        self.spellings = spellings
        self.values = {spelling: value for value, names in spellings.items() for spelling in names}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[int]:
        text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
        names = [name for name in self._SPLIT.split(text) if name]
        unknown = [name for name in names if name not in self.values]
        if unknown:
            raise ValueError(
                _("「%(value)s」は選べません。次の中から選んでください：%(choices)s")
                % {
                    "value": LIST_SEPARATOR.join(unknown),
                    "choices": LIST_SEPARATOR.join(names[0] for names in self.spellings.values()),
                }
            )
        return sorted({self.values[name] for name in names})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return LIST_SEPARATOR.join(
            self.spellings[number][0] for number in sorted(value or []) if number in self.spellings
        )


def text_field(attribute: str, column: str) -> fields.Field:
    """A text column; an empty Excel cell is an empty string, not None."""
    return fields.Field(attribute, column, widget=widgets.CharWidget())


CHUNK = 500  # names or keys per query: well under SQLite's 999 parameters


def _chunks(values: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class DuplicateRow(ValueError):
    """The file names the same record twice."""


class PrefetchedInstanceLoader(BaseInstanceLoader):
    """The records a file updates, fetched together (a few hundred keys per query) instead of
    one query per row; a key that matches several records, or that an earlier row of the file
    already used, is an error of its row (as it was with one query per row)."""

    def __init__(self, resource: "JapaneseResource", dataset: Any = None) -> None:
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.existing: dict[tuple, list[Model]] = defaultdict(list)
        self.seen: dict[tuple, int] = {}
        if dataset is None or any(f.column_name not in dataset.headers for f in self.id_fields):
            return
        keys = set()
        for values in dataset:
            try:
                keys.add(self.key(dict(zip(dataset.headers, values, strict=False))))
            except ValueError:
                continue  # its row reports the error
        model = resource._meta.model
        first = self.id_fields[0].attribute
        lookup = model._meta.get_field(first).attname
        for chunk in _chunks(sorted({key[0] for key in keys}, key=str)):
            for obj in model.objects.filter(**{f"{lookup}__in": chunk}).order_by("pk"):
                self.existing[self.key_of(obj)].append(obj)
        resource.prefetch_originals([obj for objs in self.existing.values() for obj in objs])

    def key(self, row: dict) -> tuple:
        key = []
        for field in self.id_fields:
            value = field.clean(row)
            key.append(value.pk if isinstance(value, Model) else value)
        return tuple(key)

    def key_of(self, obj: Model) -> tuple:
        meta = obj._meta
        return tuple(
            getattr(obj, cast(models.Field, meta.get_field(f.attribute)).attname)  # concrete
            for f in self.id_fields
        )

    def get_instance(self, row: dict) -> Model | None:
        key = self.key(row)
        number = len(self.seen) + 1
        if key in self.seen:
            raise DuplicateRow(
                _(
                    "%(number)d件目と同じ%(model)sです。1つのファイルに同じものは1回だけ書いてください。"
                )
                % {"number": self.seen[key], "model": self.resource._meta.model._meta.verbose_name}
            )
        self.seen[key] = getattr(self.resource, "current_row_number", number)
        matches = self.existing.get(key, [])
        if len(matches) > 1:
            raise MultipleObjectsReturned
        return matches[0] if matches else None


class JapaneseResource(resources.ModelResource):
    """Errors keyed by the file's column names, every row checked before anything is saved.

    Every exported cell goes through core.spreadsheets.safe_cell (CSV and Excel alike, so no
    cell is a formula), and every imported cell through read_cell, which removes exactly the
    quote the export added: an exported file imports unchanged.

    Rows are checked without writing (bulk mode: save_instance only collects them); when the
    last row is checked and none has a problem, `write` saves them all in one transaction.
    `import_data(dataset, dry_run=True, use_transactions=False)` checks a file and writes
    nothing; `dry_run=False` checks it again and writes it if it is still good. A `progress`
    keyword argument, a function of the number of rows done, is called every 100 rows.
    """

    class Meta:
        instance_loader_class = PrefetchedInstanceLoader
        use_bulk = True
        batch_size = None  # everything at the end, in one transaction (see bulk_create)
        skip_diff = True  # skip_row compares with the values saved by after_init_instance

    PROGRESS_EVERY = 100

    def export(self, queryset: Any = None, **kwargs: Any) -> Any:
        return spreadsheets.safe_dataset(super().export(queryset, **kwargs))

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        """The names every row's cells show, fetched with the rows: a related record in the
        same query, many-to-many names once per page of rows (not one query per cell)."""
        if not isinstance(queryset, models.QuerySet):
            return queryset
        related, many = [], []
        for field in self.fields.values():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                many.append(field.attribute)
            elif isinstance(field.widget, widgets.ForeignKeyWidget):
                related.append(field.attribute)
        if related:
            queryset = queryset.select_related(*related)
        if many:
            queryset = queryset.prefetch_related(*many)
        return queryset

    # --- Before the rows: the file's columns, and the names it uses ------------------------

    def column_problems(self, headers: list[Any]) -> list[str]:
        """Japanese sentences for columns this resource does not know or needs and lacks."""
        known = {field.column_name for field in self.fields.values()}
        given = [str(header).strip() for header in headers if header not in (None, "")]
        problems = []
        unknown = [header for header in given if header not in known]
        if unknown:
            problems.append(
                _("「%(unknown)s」という列は使えません。使える列：%(known)s")
                % {
                    "unknown": "」「".join(unknown),
                    "known": LIST_SEPARATOR.join(
                        field.column_name for field in self.get_import_fields()
                    ),
                }
            )
        missing = [column for column in self.required_columns() if column not in given]
        if missing:
            problems.append(
                _("必要な列「%(missing)s」がありません。1行目に列名を書いてください。")
                % {"missing": "」「".join(missing)}
            )
        return problems

    def required_columns(self) -> list[str]:
        """The columns without which no row could be saved: the matching key, and every
        field that must have a value and has no default."""
        model = self._meta.model
        required = []
        for field in self.get_import_fields():
            if field.readonly or not field.attribute:
                continue
            if field.attribute in self.get_import_id_fields():
                required.append(field.column_name)
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                needed = getattr(field.widget, "required", False)
            else:
                needed = not model_field.blank and not model_field.has_default()
            if needed:
                required.append(field.column_name)
        return required

    def get_import_fields(self) -> list[fields.Field]:
        cached = getattr(self, "_import_fields", None)  # asked three times a row
        return cached if cached is not None else super().get_import_fields()

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        spreadsheets.read_dataset(dataset)  # the one quote each exported cell was given
        self._import_fields = super().get_import_fields()
        for field in self.get_import_fields():
            prepare = getattr(field.widget, "prepare", None)
            if prepare is not None and field.column_name in dataset.headers:
                prepare(dataset[field.column_name])

    def prefetch_originals(self, instances: list[Model]) -> None:
        """The many-to-many values of the records the file updates, in one query per field."""
        names = [
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        ]
        if instances and names:
            models.prefetch_related_objects(instances, *names)

    # --- Each row: checked and collected, never written here -------------------------------

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> Any:
        self.current_row_number = kwargs.get("row_number")
        self._key_errors: dict[str, list[ValidationError]] = {}  # set by get_instance
        row_result = super().import_row(row, instance_loader, **kwargs)
        progress: Callable[[int], None] | None = kwargs.get("progress")
        number = kwargs.get("row_number") or 0
        if progress is not None and number % self.PROGRESS_EVERY == 0:
            progress(number)
        return row_result

    def after_init_instance(self, instance: Model, new: bool, row: Any, **kwargs: Any) -> None:
        instance._import_original = None if new else self._concrete_values(instance)  # type: ignore[attr-defined]
        instance._import_m2m = {}  # type: ignore[attr-defined]

    # Many-to-many fields are saved after the row; check them with the other fields first.
    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._import_m2m[field.attribute] = list(field.clean(row))  # type: ignore[attr-defined]
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        for attribute, messages in getattr(self, "_key_errors", {}).items():
            errors.setdefault(attribute, messages)
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self, instance: Model, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        """Unchanged: the same field values as before the row, the same related names."""
        before = getattr(instance, "_import_original", None)
        if not self._meta.skip_unchanged or import_validation_errors or before is None:
            return False
        if hasattr(instance, "fill_reading"):
            instance.fill_reading()  # a blank よみがな is derived again, as save() would
        if self._concrete_values(instance) != before:
            return False
        for attribute, new in instance._import_m2m.items():  # type: ignore[attr-defined]
            old = getattr(instance, attribute).all()  # prefetched by the instance loader
            if {obj.pk for obj in new} != {obj.pk for obj in old}:
                return False
        return True

    @staticmethod
    def _concrete_values(instance: Model) -> dict[str, Any]:
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}

    def get_instance(self, instance_loader: Any, row: dict) -> Model | None:
        try:
            return super().get_instance(instance_loader, row)
        except DuplicateRow as error:
            raise ValidationError(str(error)) from None
        except ValueError as error:
            # A key that names nothing (an unknown 主催): the row can match no record, so it
            # is checked as a new one and its other problems are named with this one.
            attribute = self.fields[self.get_import_id_fields()[-1]].attribute
            for name in self.get_import_id_fields():
                try:
                    self.fields[name].clean(row)
                except ValueError:
                    attribute = self.fields[name].attribute
            self._key_errors = {attribute: [ValidationError(str(error), code="invalid")]}
            return None
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
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=[*errors, *self._looked_up(instance)], validate_unique=validate_unique
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            columns = {field.attribute: field.column_name for field in self.get_import_fields()}
            raise ValidationError(
                {
                    columns.get(key, key): messages
                    for key, messages in ValidationError(errors).message_dict.items()
                }
            )

    def _looked_up(self, instance: Model) -> list[str]:
        """Foreign keys set from this file's lookups (NameWidget.prepare): they exist, so
        full_clean need not ask the database once per row."""
        return [
            field.attribute
            for field in self.get_import_fields()
            if getattr(field.widget, "known", None) is not None
            and not isinstance(field.widget, widgets.ManyToManyWidget)
            and getattr(instance, f"{field.attribute}_id", None) is not None
        ]

    # --- After the last row: everything or nothing -----------------------------------------

    def bulk_create(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Result | None = None,
    ) -> None:
        """Called once, after the last row (batch_size is None): write the whole file."""
        creates, updates = self.create_instances[:], self.update_instances[:]
        self.create_instances.clear()
        self.update_instances.clear()
        if dry_run or result is None or result.has_errors() or result.has_validation_errors():
            return
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                self.write(creates, updates)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)

    def bulk_update(self, *args: Any, **kwargs: Any) -> None:
        """Done by bulk_create, in the same transaction."""

    def write(self, creates: list[Model], updates: list[Model]) -> None:
        model = self._meta.model
        db = self.get_db_connection_name()
        for instance in [*creates, *updates]:
            if hasattr(instance, "fill_reading"):
                instance.fill_reading()  # KanaNamed.save() would; bulk_create does not call it
        imported = {field.attribute for field in self.get_import_fields() if not field.readonly}
        columns = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and (f.name in imported or not f.editable)
        ]
        for instance in updates:
            for f in columns:
                if getattr(f, "auto_now", False):
                    f.pre_save(instance, add=False)
        model.objects.using(db).bulk_create(creates, batch_size=CHUNK)
        if updates:
            model.objects.using(db).bulk_update(
                updates, [f.name for f in columns], batch_size=CHUNK
            )
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            relation = model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            rows = [i for i in [*creates, *updates] if field.attribute in i._import_m2m]  # type: ignore[attr-defined]
            updated = [i.pk for i in updates if field.attribute in i._import_m2m]  # type: ignore[attr-defined]
            for chunk in _chunks(updated):
                through.objects.using(db).filter(**{f"{source}__in": chunk}).delete()
            through.objects.using(db).bulk_create(
                [
                    through(**{f"{source}_id": instance.pk, f"{target}_id": related.pk})
                    for instance in rows
                    for related in instance._import_m2m[field.attribute]  # type: ignore[attr-defined]
                ],
                batch_size=CHUNK,
            )
        self.after_write([*creates, *updates])
        content_changed(using=db)  # bulk writes send no signal: cached pages go after the commit
        records_written.send(sender=model, instances=[*creates, *updates])

    def after_write(self, instances: list[Model]) -> None:
        """What a model keeps derived from the saved records (the admin's save would update
        it), in the same transaction as the rows."""
