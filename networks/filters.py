"""The directory's and the activity list's filters: plain GET forms whose state is the URL.

A filter that could match one record through several related rows (a member through its
facilities, an activity through its audiences or dates) uses a subquery rather than a join,
so every record is listed once and the activities' next-date aggregate is not skewed.
"""

import datetime as dt
from typing import Any, cast

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Value
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.compiled import read
from core.formfields import choices_key
from core.generation import kept_for_generation
from core.kana import GOJUON_ROWS, gojuon_row, to_hiragana
from networks.models import (
    Activity,
    ActivityQuerySet,
    District,
    Facility,
    Member,
    ReferenceData,
    Station,
    TargetGroup,
    Theme,
)

ALL = _("すべて")
OTHER_ROW = "other"  # names that do not begin with kana (英数字・その他)
ROW_CHOICES = [*GOJUON_ROWS, (OTHER_ROW, _("英数字・その他"))]
OPEN_TO_ALL = "all"


class ReferenceFilter(django_filters.ChoiceFilter):
    """A district, theme or target group, chosen by its slug (?district=nerima).

    Choices are read by ReferenceFilterSet (every table in one query, kept per process until
    content changes), and a choice is checked against them in memory, so a filled-in filter
    costs no query of its own.
    """

    def __init__(self, reference_model: type[ReferenceData], **kwargs: object) -> None:
        self.reference_model = reference_model  # (django-filter sets `model` to the list's)
        kwargs.setdefault("empty_label", ALL)
        super().__init__(**kwargs)


class StationFilter(django_filters.ChoiceFilter):
    """The nearest station (?station=<id>), one of those kept in the admin, 五十音順. A record
    near several stations is listed once (a subquery on the many-to-many table)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("empty_label", ALL)
        kwargs.setdefault("label", _("最寄り駅"))
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        model = qs.model
        near = model.stations.through.objects.filter(station_id=value)
        return qs.filter(pk__in=near.values(f"{model._meta.model_name}_id"))


# Rendered filter forms, by everything their markup is made of (see RenderedOnceForm). A
# handful of languages × the filters people use; cleared when it ever reaches the limit, so it
# cannot grow with odd query strings.
_RENDERED_FORMS: dict[tuple, SafeString] = {}
_RENDERED_FORMS_LIMIT = 512


class RenderedOnceForm(forms.Form):
    """A filter form whose markup is kept per process for what it is made of: the language,
    the fields and their choices (read from the database on every request), the values asked
    for and the errors they got. Django draws a form through a template per field and per
    widget (a third of the activity list's time); the same form with the same values is the
    same markup, so it is drawn once."""

    def render(
        self,
        template_name: str | None = None,
        context: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        if template_name is not None or context is not None or renderer is not None:
            return super().render(template_name, context, renderer)
        if settings.DEBUG:  # templates edited while `runserver` runs show at once
            return super().render()
        key = self._markup_key()
        html = _RENDERED_FORMS.get(key)
        if html is None:
            if len(_RENDERED_FORMS) >= _RENDERED_FORMS_LIMIT:
                _RENDERED_FORMS.clear()
            html = _RENDERED_FORMS[key] = super().render()
        return html

    # Django's forms are drawn by str() and by conditional_escape() (`{{ form }}`), bound to
    # the render() of its mixin: bound to this one here
    __str__ = render
    __html__ = render

    def _markup_key(self) -> tuple:
        language = get_language()
        data = self.data
        values = tuple(
            tuple(data.getlist(self.add_prefix(name)))
            if hasattr(data, "getlist")
            else data.get(self.add_prefix(name))
            for name in self.fields
        )
        fields = tuple(
            (
                name,
                type(field).__name__,
                getattr(field, "template_name", None),
                choices_key(field, language),
            )
            for name, field in self.fields.items()
        )
        errors = tuple(
            (name, tuple(str(message) for message in messages))
            for name, messages in self.errors.items()
        )
        return (
            type(self).__name__,
            language,
            self.is_bound,
            self.prefix,
            self.auto_id,
            fields,
            values,
            errors,
        )


class ReferenceFilterSet(django_filters.FilterSet):
    """The filters of a public list, whose choices are reference data.

    `sql_key`: the name under which the list's SQL is compiled once per process
    (core.compiled) for each set of filter values, rather than on every request (the joins
    of the filtered lists took 2–4 ms of a request to compile). The view that gives it
    vouches that its base queryset is built the same way on every request, so that the
    name, the filters' values, what `read` is given and the page's slice are all the SQL is
    made of."""

    FIELD_TEMPLATE = "includes/filter_field.html"  # every filter is optional: no 任意 tags

    def __init__(self, *args: Any, sql_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_key = sql_key
        references = {
            name: filter_
            for name, filter_ in self.filters.items()
            if isinstance(filter_, ReferenceFilter)
        }
        # Reference data is content: read once per process and content generation
        # (core.generation), the same for every visitor and language
        request = getattr(self, "request", None)
        models = [filter_.reference_model for filter_ in references.values()]
        rows = kept_for_generation(
            request,
            ("networks.reference_rows", *(model._meta.label for model in models)),
            lambda: _reference_rows(models),
        )
        for name, filter_ in references.items():
            model = filter_.reference_model
            filter_.extra["choices"] = self.reference_choices(name, model, rows.get(model, []))
        stations = [f for f in self.filters.values() if isinstance(f, StationFilter)]
        if stations:
            choices = kept_for_generation(
                request,
                ("networks.station_choices",),
                lambda: [(str(pk), name) for pk, name in Station.objects.values_list("pk", "name")],
            )
            for filter_ in stations:
                filter_.extra["choices"] = list(choices)

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        if issubclass(form_class, RenderedOnceForm):
            return form_class
        return type(form_class.__name__, (RenderedOnceForm, form_class), {})

    @property
    def form(self) -> forms.Form:
        form = super().form
        for field in form.fields.values():
            field.template_name = self.FIELD_TEMPLATE
        return form

    def reference_choices(
        self, name: str, model: type[ReferenceData], rows: list[tuple[str, str]]
    ) -> list[tuple[str, StrOrPromise]]:
        return list(rows)

    def read(self, queryset: QuerySet, part: str, *inputs: object) -> QuerySet | list[Any]:
        """The queryset's rows, by SQL compiled once per process for these filter values,
        this slice and the other `inputs` it was built from (the queryset itself when the
        list has no `sql_key`)."""
        if self.sql_key is None:
            return queryset
        values = tuple(
            sorted(
                (name, self.key_value(name, value))
                for name, value in self.form.cleaned_data.items()
            )
        )
        query = queryset.query
        key = (self.sql_key, part, values, inputs, query.low_mark, query.high_mark)
        return read(queryset, key, None)

    def key_value(self, name: str, value: object) -> str:
        """A filter's value as part of the key of the SQL it makes."""
        return str(value)


def _reference_rows(
    models: list[type[ReferenceData]],
) -> dict[type[ReferenceData], list[tuple[str, str]]]:
    """Every table's (slug, name) rows in its own order (`order`, then pk), read in one
    query (a UNION ALL) rather than one a table: each costs a round trip per request."""
    tables = list(dict.fromkeys(models))
    if not tables:
        return {}
    parts = [
        model._default_manager.order_by()
        .annotate(table=Value(index), position=F("order"), key=F("pk"))
        .values_list("table", "position", "key", "slug", "name")
        for index, model in enumerate(tables)
    ]
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows: dict[type[ReferenceData], list[tuple[str, str]]] = {model: [] for model in tables}
    for table, _position, _key, slug, name in query.order_by("table", "position", "key"):
        rows[tables[table]].append((slug, name))
    return rows


def row_key(value: str) -> str:
    """The index row a ?row= value asks for: "か" (any kana of the row works: "き" → "か"),
    OTHER_ROW, or "" for no row."""
    if value == OTHER_ROW:
        return OTHER_ROW
    return gojuon_row(to_hiragana(value.strip()[:1]))


class KanaRowFilter(django_filters.CharFilter):
    """The 五十音 index: ?row=か lists names whose reading begins in か行. A hidden field, so
    the filter form keeps the row; the index links set it. Never an error: a value that is no
    row means no row."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(label=_("五十音の行"), widget=forms.HiddenInput, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        key = row_key(value or "")
        if not key:
            return qs
        return qs.filter(kana_row="" if key == OTHER_ROW else key)


class IndexedFilterSet(ReferenceFilterSet):
    """A directory list with a 五十音 index: `row_counts` counts the results of the other
    filters in each row, so the index shows where the names are."""

    row = KanaRowFilter()

    def key_value(self, name: str, value: object) -> str:
        # the row as the filter reads it ("き" is "か"): odd ?row= texts share one key
        return row_key(str(value or "")) if name == "row" else super().key_value(name, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        row = self.form.cleaned_data.get("row", "")
        for name, value in self.form.cleaned_data.items():
            if name != "row":
                queryset = self.filters[name].filter(queryset, value)
        self.unindexed_qs = queryset
        return self.filters["row"].filter(queryset, row)

    def row_counts(self) -> dict[str, int]:
        """{"あ": 3, "か": 0, …, "other": 1} for the results before the row is applied."""
        if not hasattr(self, "_row_counts"):
            self.qs  # noqa: B018 -- filtering sets unindexed_qs
            counts = dict(
                self.read(
                    self.unindexed_qs.order_by()
                    .values_list("kana_row")
                    .annotate(count=Count("pk"))
                    .values_list("kana_row", "count"),
                    "row_counts",
                )
            )
            counts[OTHER_ROW] = counts.pop("", 0)
            self._row_counts = counts
        return self._row_counts

    def count(self) -> int:
        """How many results the list has, from the index's counts: the list is the results
        of one row, or of all of them. (Counting the list again walked the same rows.)"""
        counts = self.row_counts()
        row = row_key(self.form.cleaned_data.get("row", "")) if self.is_valid() else ""
        return counts.get(row, 0) if row else sum(counts.values())


class MemberFilter(IndexedFilterSet):
    district = ReferenceFilter(District, field_name="districts__slug", label=_("地区"))
    kind = django_filters.ChoiceFilter(
        choices=Member.Kind.choices, label=_("種別"), empty_label=ALL
    )
    target_group = ReferenceFilter(
        TargetGroup,
        label=_("対象"),
        method="filter_target_group",
        help_text=_("運営する施設の対象です。"),
    )
    theme = ReferenceFilter(Theme, field_name="themes__slug", label=_("テーマ"))

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_target_group(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        serving = Facility.objects.public().filter(target_groups__slug=value)
        return qs.filter(pk__in=serving.values("member_id"))


class FacilityFilter(IndexedFilterSet):
    district = ReferenceFilter(District, field_name="district__slug", label=_("地区"))
    station = StationFilter()
    kind = django_filters.ChoiceFilter(
        choices=Member.Kind.choices,
        field_name="member__kind",
        label=_("運営法人の種別"),
        empty_label=ALL,
    )
    target_group = ReferenceFilter(TargetGroup, field_name="target_groups__slug", label=_("対象"))
    theme = ReferenceFilter(
        Theme,
        label=_("テーマ"),
        method="filter_theme",
        help_text=_("運営法人が参加しているテーマです。"),
    )

    class Meta:
        model = Facility
        fields: list[str] = []

    def filter_theme(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(member__in=Member.objects.filter(themes__slug=value).values("pk"))


class ActivityFilterForm(RenderedOnceForm):
    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("「この日まで」は「この日から」と同じ日か、後の日にしてください。")
            )
        return cleaned


class ActivityFilter(ReferenceFilterSet):
    district = ReferenceFilter(District, field_name="district__slug", label=_("地区"))
    station = StationFilter()
    theme = ReferenceFilter(Theme, field_name="theme__slug", label=_("テーマ"))
    audience = ReferenceFilter(
        TargetGroup,
        label=_("対象"),
        method="filter_audience",
        help_text=_("「どなたでも」の活動は、どの対象を選んでも表示します。"),
    )
    tag = django_filters.CharFilter(
        label=_("ハッシュタグ"), method="filter_tag", widget=forms.HiddenInput
    )  # set by the links on a hashtag's page, kept by the form
    date_from = django_filters.DateFilter(
        label=_("開催日（この日から）"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("開催日（この日まで）"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Activity
        fields: list[str] = []
        form = ActivityFilterForm

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()  # the day the dates are read from

    def reference_choices(
        self, name: str, model: type[ReferenceData], rows: list[tuple[str, str]]
    ) -> list[tuple[str, StrOrPromise]]:
        choices = super().reference_choices(name, model, rows)
        return [*choices, (OPEN_TO_ALL, _("どなたでも"))] if name == "audience" else choices

    def filter_audience(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN_TO_ALL:
            return qs.filter(open_to_all=True)
        for_group = Activity.audiences.through.objects.filter(targetgroup__slug=value)
        return qs.filter(Q(open_to_all=True) | Q(pk__in=for_group.values("activity_id")))

    def filter_tag(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        tagged = Activity.hashtags.through.objects.filter(hashtag__name=value.lstrip("#＃"))
        return qs.filter(pk__in=tagged.values("activity_id"))

    def filter_dates(self, qs: QuerySet, name: str, value: object) -> QuerySet:
        return qs  # both ends are applied together in filter_queryset

    @property
    def dates_chosen(self) -> bool:
        """Whether the list is limited to dates (its cards then show the date that matched)."""
        if not self.is_valid():
            return False
        cleaned = self.form.cleaned_data
        return bool(cleaned.get("date_from") or cleaned.get("date_to"))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        start = self.form.cleaned_data.get("date_from")
        end = self.form.cleaned_data.get("date_to")
        if start or end:
            # Only dates it takes place on are stored (holidays and days off are not), and
            # each card's date is its first in the range, not its next one
            queryset = cast(ActivityQuerySet, queryset).taking_place_between(
                start, end, today=self.today
            )
        return queryset
