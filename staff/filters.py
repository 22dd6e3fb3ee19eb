"""The case list's filters and search: one form, POSTed; the filters' state is the URL.

The search words (SEARCH_FIELDS: a case number, a reading, a phone number) never go into a
URL: the view keeps them in the session and the URL carries a token (staff.saved_search).

The queryset handed in is already `Case.objects.visible_to(user)`; filters only narrow it.
Category is matched on the case row's own copy of its categories (Case.category_keys): a case
in two categories is listed once, and no link is read.
"""

from html import escape
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations import permissions
from consultations.models import Case, CaseQuerySet, Category
from networks.filters import RenderedOnceForm
from networks.models import District
from staff.forms import StaffForm, compiled_choices, lighten, listed_rows

ALL = _("すべて")
FIELD_TEMPLATE = "includes/filter_field.html"


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A row chosen among those the select lists, looked up in those rows.

    Django's field checks a chosen value with a query of its own (`queryset.get(pk=…)`), and
    the select then reads every row for its options: two queries of the same table on each
    filtered page. Here the check iterates the field's queryset, whose rows the select's
    options (staff.forms.ListedChoiceIterator) then reuse: one query, the same answer."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if self.null_label is not None and value == self.null_value:
            return value
        self.validate_no_null_characters(value)
        queryset = self.queryset
        if queryset is None:
            raise TypeError("a model choice field needs a queryset")
        key = self.to_field_name or "pk"
        model = queryset.model
        if isinstance(value, model):
            value = getattr(value, key)
        key_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        invalid = ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )
        try:
            wanted = key_field.to_python(value)
        except ValidationError:
            raise invalid from None
        for row in listed_rows(self):
            if getattr(row, key) == wanted:
                return row
        raise invalid


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


class CaseFilterForm(RenderedOnceForm, StaffForm):
    """The filters' markup is drawn once per process for what it is made of (RenderedOnceForm:
    the language, the choices as read on this request, the values and their errors): nothing
    in it depends on the user (categories, districts and case workers are the same lists for
    every member of staff; the CSRF token is drawn outside the form).

    Search words may name a person, and are never kept: a form holding them is drawn (or
    found) with a placeholder in their place, and the words, escaped as the renderer escapes
    a value, are put into this response's copy alone. A search word with an error (too
    long) is drawn afresh."""

    PLACEHOLDER = "\ue000search-words-{}\ue000"  # a private-use character no one types

    def render(
        self,
        template_name: str | None = None,
        context: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        searched = [name for name in CaseFilter.SEARCH_FIELDS if self.data.get(name)]
        if not searched:
            return super().render(template_name, context, renderer)
        if template_name is not None or context is not None or renderer is not None:
            return forms.Form.render(self, template_name, context, renderer)
        if any(name in self.errors for name in searched):
            return forms.Form.render(self)
        data = self.data
        masked = QueryDict(mutable=True)
        masked.update(data)
        for name in searched:
            masked[name] = self.PLACEHOLDER.format(name)
        self.data = masked
        try:
            html = str(super().render())
        finally:
            self.data = data
        for name in searched:
            shown = f'value="{self.PLACEHOLDER.format(name)}"'
            if html.count(shown) != 1:  # not where it was expected: no shortcut
                return forms.Form.render(self)
            html = html.replace(shown, f'value="{escape(str(data.get(name)))}"')
        return mark_safe(html)  # noqa: S308 (the drawn form, and the words escaped)

    __str__ = render
    __html__ = render


# The filters' rows, read when the form is made (a callable, not a queryset, in the filter's
# declaration: each request deep-copies the declared filters, and a queryset's copy is costly).
def _categories(request: object) -> QuerySet[Category]:
    return Category.objects.order_by("order", "pk")


def _districts(request: object) -> QuerySet[District]:
    return District.objects.order_by("pk")


def _case_workers(request: object) -> QuerySet[User]:
    return permissions.case_workers().order_by("name")


# The filters' rows are read by SQL compiled once per process (core.compiled), under these keys.
CHOICES_KEYS = {
    "category": "case_filter.category",
    "district": "case_filter.district",
    "assignee": "case_filter.assignee",
}


class CaseFilter(django_filters.FilterSet):
    SEARCH_FIELDS = ("q",)  # the fields that may name a person: kept out of URLs

    q = django_filters.CharFilter(
        label=_("検索（ケース番号・よみがな・電話番号）"), method="search", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label=_("状態"), choices=Case.Status.choices, empty_label=ALL
    )
    category = ListedModelChoiceFilter(
        label=_("分類"), queryset=_categories, method="in_category", empty_label=ALL
    )
    district = ListedModelChoiceFilter(label=_("地区"), queryset=_districts, empty_label=ALL)
    assignee = ListedModelChoiceFilter(
        label=_("担当者"), queryset=_case_workers, method="assigned_to", empty_label=ALL
    )
    received_from = django_filters.DateFilter(
        label=_("受付日（から）"),
        field_name="received_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_filters.DateFilter(
        label=_("受付日（まで）"),
        field_name="received_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Case
        fields: list[str] = []
        form = CaseFilterForm

    # The form class, made once per process (get_form_class).
    _form_class: type[forms.Form] | None = None

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        """django-filter makes a new form class from new fields on every request, the same
        each time; made once here. Each form still deep-copies the class's fields, and a
        model choice field's copy gets its own queryset (`queryset.all()`, never evaluated on
        the class), so no request sees another's rows."""
        if CaseFilter._form_class is None:
            CaseFilter._form_class = super().get_form_class()
        return CaseFilter._form_class

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                field.template_name = FIELD_TEMPLATE
                if isinstance(field, ListedModelChoiceField):
                    compiled_choices(field, CHOICES_KEYS[name])
            lighten(form.fields.values())
        return self._form

    # The queryset is the one given to the filterset (Case.objects.visible_to(user), narrowed by
    # the filters before this one) or the default manager's: a CaseQuerySet either way.
    def search(self, queryset: CaseQuerySet, name: str, value: str) -> CaseQuerySet:
        return queryset.search(value)

    def in_category(self, queryset: CaseQuerySet, name: str, value: Category) -> CaseQuerySet:
        return queryset.in_category(value.pk)

    def assigned_to(self, queryset: QuerySet[Case], name: str, value: User) -> QuerySet[Case]:
        return queryset.filter(Q(primary_staff=value) | Q(secondary_staff=value))

    def searches(self) -> bool:
        """Whether the list is narrowed by search words (not only by filters)."""
        return bool(
            self.is_bound
            and self.form.is_valid()
            and any(self.form.cleaned_data.get(name) for name in self.SEARCH_FIELDS)
        )

    def terms(self) -> str:
        """What was searched or filtered, for the access log (empty: the plain list)."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return " ".join(
            f"{name}={getattr(value, 'pk', value)}"
            for name, value in self.form.cleaned_data.items()
            if value not in ("", None)
        )
