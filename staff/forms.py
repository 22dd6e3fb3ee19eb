"""Forms of the workspace. Fields come from the consultations models (labels, choices,
lengths), so the forms say what the models say; every workflow still goes through a service.

These are plain forms rather than ModelForms: the services build and validate the rows, and
a ValidationError they raise (e.g. a referral without a basis) lands next to its field.
"""

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms import formset_factory
from django.forms.models import ModelChoiceIterator, fields_for_model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations import permissions
from consultations.models import (
    Case,
    Category,
    Consent,
    Entry,
    Flag,
    HouseholdMember,
    Person,
    Referral,
    ReferralDestination,
    Task,
)
from core.compiled import read
from core.fiscal_year import fiscal_year_start
from core.formfields import choices_key
from staff.rendering import RENDERER

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


FILTER_FIELD_TEMPLATE = "includes/filter_field.html"


class ListedChoiceIterator(ModelChoiceIterator):
    """A model choice field's rows, read once per form and reused.

    Django's iterator runs the query again each time the choices are read — drawing one select
    reads them up to three times (the required attribute looks at the first, the options, the
    selected value) — and on PostgreSQL each run is a server-side cursor: DECLARE, FETCH and
    CLOSE. Iterating the field's own queryset fills its result cache instead, and the form's
    field holds its own copy of the queryset, so nothing is shared between requests."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        null_label = getattr(self.field, "null_label", None)  # django-filter's "none" choice
        if null_label is not None:
            yield (getattr(self.field, "null_value", "null"), null_label)
        for obj in listed_rows(self.field):
            yield self.choice(obj)

    def __len__(self) -> int:
        extra = (self.field.empty_label is not None) + (
            getattr(self.field, "null_label", None) is not None
        )
        return len(listed_rows(self.field)) + extra

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(listed_rows(self.field))


def compiled_choices(field: forms.Field, key: str) -> None:
    """The field's rows are read by SQL compiled once per process under `key`
    (core.compiled): for a list of choices that is the same on every request, whoever asks
    (the key names the queryset as the field declares it)."""
    field.compiled_key = key  # type: ignore[attr-defined]


def listed_rows(field: Any) -> QuerySet[Any]:
    """The field's queryset with its rows read (by compiled SQL when the field has a key)."""
    queryset = field.queryset
    key = getattr(field, "compiled_key", None)
    if key is not None and queryset._result_cache is None:
        _give_rows(field, read(queryset, key, None))
    return queryset


def lighten(fields: Any) -> None:
    """Model choice fields read their rows once (ListedChoiceIterator)."""
    for field in fields:
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = ListedChoiceIterator
            field.widget.choices = field.choices  # the widget holds the iterator it was given


def _model_fields(
    model: type[Model], names: list[str], **widgets: forms.Widget
) -> dict[str, forms.Field]:
    chosen: dict[str, forms.Widget | type[forms.Widget]] = dict(widgets)
    fields: dict[str, forms.Field] = fields_for_model(model, fields=names, widgets=chosen or None)
    for field in fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE_WIDGET
    lighten(fields.values())
    return fields


def _use_template(form: forms.Form, template_name: str) -> None:
    for field in form.fields.values():
        # Set by Field.__init__ since Django 5.0, which django-stubs leaves out of Field.
        field.template_name = template_name  # type: ignore[attr-defined]


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's field `name`, known to offer choices (`fields` holds plain Fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def _model_choice_field(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, known to choose among rows (ModelMultipleChoiceField too)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal next to the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StaffForm(forms.Form):
    """A form of the workspace: drawn by staff.rendering's renderer (the same HTML, cheaper)."""

    default_renderer = RENDERER


class ServiceForm(StaffForm):
    """A form whose fields mirror a model."""

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


# --- Intake (受付) -------------------------------------------------------------------------------


class PersonSearchForm(StaffForm):
    """Before creating a person: are they already known? By kana, phone or birth date."""

    kana = forms.CharField(label=_("よみがな"), required=False, max_length=100)
    phone = forms.CharField(label=_("電話番号"), required=False, max_length=30)
    birth_date = forms.DateField(label=_("生年月日"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_template(self, FILTER_FIELD_TEMPLATE)
        self.fields["kana"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.input_type = "tel"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any(data.get(name) for name in ("kana", "phone", "birth_date")):
            raise ValidationError(
                _("よみがな・電話番号・生年月日のどれかを入れて検索してください。")
            )
        return data

    def terms(self) -> str:
        return " ".join(
            f"{name}={value}"
            for name, value in self.cleaned_data.items()
            if value not in ("", None)
        )

    def matches(self, user: User) -> list[Person]:
        data = self.cleaned_data
        found = Person.objects.visible_to(user).search(
            kana=data.get("kana", ""),
            phone=data.get("phone", ""),
            birth_date=data.get("birth_date"),
        )
        return list(found.order_by("kana", "pk")[:20])


def chosen_person(request: HttpRequest, pk: str | None) -> Person | None:
    """The existing person picked from the search results, if this user may see them."""
    if not pk or not str(pk).isdigit():
        return None
    return Person.objects.visible_to(request.user).filter(pk=pk).first()


CASE_INTAKE_FIELDS = [
    "received_on",
    "channel",
    "came_from",
    "district",
    "categories",
    "main_concern",
    "household_type",
    "urgency",
    "confidentiality",
    "team",
    "primary_staff",
    "secondary_staff",
]
PERSON_FIELDS = ["name", "kana", "birth_date", "age_band", "sex", "phone", "email", "address"]
PERSON_PREFIX = "person_"


# --- The household (世帯) -------------------------------------------------------------------------

DERIVE = "derive"  # the household type's choice "derive it from the members"
HOUSEHOLD_PREFIX = "household"
MEMBER_FIELDS = list(HouseholdMember.TRACKED_FIELDS)
HOUSEHOLD_ROWS = 3  # empty rows offered below the members; "行を増やす" adds one more


def household_type_field(form: forms.Form) -> None:
    """世帯の類型 with a first choice that derives it from 本人 and the members."""
    field = _choice_field(form, "household_type")
    field.choices = [(DERIVE, _("世帯員から判定する")), *Case.HouseholdType.choices]
    field.required = False  # not sent: 不明・未記入
    field.help_text = _(
        "「世帯員から判定する」は、8050・単身・高齢夫婦・ひとり親を続柄・年代・同居から決めます"
        "（決められないときは「不明・未記入」）。障害のある方のいる世帯などは選んでください。"
    )


def household_type_value(value: str) -> str | None:
    """The service's household_type: None derives it."""
    return None if value == DERIVE else value


class HouseholdMemberForm(forms.Form):
    """One row of the household: an existing member (hidden `member`) or a new one.

    An untouched empty row is skipped (a formset's extra row); a row with anything typed
    needs its relationship."""

    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remove = forms.BooleanField(label=_("この世帯員を外す"), required=False)

    def __init__(self, *args: Any, members: dict[int, HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields.update(
            _model_fields(
                HouseholdMember,
                MEMBER_FIELDS,
                name=forms.TextInput(attrs={"autocomplete": "off"}),
                notes=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        )
        self.fields["relationship"].error_messages["required"] = _(
            "続柄を選んでください（この行を使わないときは、すべて空にしてください）。"
        )
        # The row's fields again at the end: member and remove after what they concern.
        self.order_fields([*MEMBER_FIELDS, "member", "remove"])

    def clean_member(self) -> HouseholdMember | None:
        pk = self.cleaned_data.get("member")
        if pk is None:
            return None
        member = self.members.get(pk)
        if member is None:
            raise ValidationError(_("この世帯員はこのケースにいません。"))
        return member

    def is_existing(self) -> bool:
        return bool(self.initial.get("member") or (self.is_bound and self["member"].data))

    def row(self) -> dict[str, Any]:
        """The service's row: {"member", "remove", **fields}."""
        data = self.cleaned_data
        return {
            "member": data.get("member"),
            "remove": data.get("remove", False),
            **{name: data[name] for name in MEMBER_FIELDS},
        }


class HouseholdFormSet(forms.BaseFormSet):
    """Every row is optional (a blank one is skipped); rows are never 'initial' forms, so a
    row redrawn from typed values (after "行を増やす") is no more required than a new one."""

    def __init__(self, *args: Any, members: dict[int, HouseholdMember], **kwargs: Any) -> None:
        self.members = members
        kwargs.setdefault("prefix", HOUSEHOLD_PREFIX)
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        return 0

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"members": self.members}

    def rows(self) -> list[dict[str, Any]]:
        return [form.row() for form in self.forms if form.has_changed() and form.is_valid()]


def household_formset(
    data: Any = None,
    *,
    members: list[HouseholdMember] = (),  # type: ignore[assignment]
    initial: list[dict[str, Any]] | None = None,
    extra: int = HOUSEHOLD_ROWS,
) -> HouseholdFormSet:
    """The household rows: the given members first, then `extra` empty rows."""
    rows = initial if initial is not None else [member_initial(m) for m in members]
    if data is not None and f"{HOUSEHOLD_PREFIX}-TOTAL_FORMS" not in data:
        # A post without the household's rows at all (an older page): no rows, not an error.
        data = data.copy()
        data.update(
            {f"{HOUSEHOLD_PREFIX}-TOTAL_FORMS": "0", f"{HOUSEHOLD_PREFIX}-INITIAL_FORMS": "0"}
        )
    formset_class = cast(
        type[HouseholdFormSet],
        formset_factory(
            HouseholdMemberForm, formset=HouseholdFormSet, extra=len(rows) + extra, max_num=50
        ),
    )
    return formset_class(data, initial=rows, members={m.pk: m for m in members})


def member_initial(member: HouseholdMember) -> dict[str, Any]:
    return {"member": member.pk, **{name: getattr(member, name) for name in MEMBER_FIELDS}}


def redrawn(formset: HouseholdFormSet) -> list[dict[str, Any]]:
    """A posted formset's rows as initial values (to draw it again with one more row)."""
    rows = []
    for form in formset.forms:
        values = {name: form[name].data for name in form.fields}
        if form.has_changed() or values.get("member"):
            rows.append(values)
    return rows


class IntakeForm(ServiceForm):
    """The case and, unless an existing person was chosen, the person: one page, one POST.

    All person fields are optional: leaving them empty records an anonymous consultation.
    """

    def __init__(self, *args: Any, user: User, person: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.person = user, person
        self.fields.update(_model_fields(Case, CASE_INTAKE_FIELDS))
        categories = _model_choice_field(self, "categories")
        categories.widget = forms.CheckboxSelectMultiple()
        # (Setting the queryset gives the new widget its choices.)
        categories.queryset = Category.objects.filter(is_active=True)
        household_type_field(self)
        self.initial.setdefault("household_type", DERIVE)
        if person is None:
            person_fields = _model_fields(
                Person,
                PERSON_FIELDS,
                name=forms.TextInput(attrs={"autocomplete": "off"}),
                phone=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
                email=forms.EmailInput(attrs={"autocomplete": "off"}),
                address=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            person_fields["email"] = forms.EmailField(
                label=person_fields["email"].label, required=False, widget=forms.EmailInput()
            )
            for name, field in person_fields.items():
                field.required = False
                self.fields[PERSON_PREFIX + name] = field
        staff = permissions.case_workers().order_by("name")
        _model_choice_field(self, "primary_staff").queryset = staff
        _model_choice_field(self, "secondary_staff").queryset = staff
        teams = user.consultation_teams.order_by("order", "name")
        _model_choice_field(self, "team").queryset = teams
        # Sensible defaults: today, by phone, the person themselves, me, my team.
        self.initial.setdefault("received_on", timezone.localdate())
        self.initial.setdefault("primary_staff", user.pk)
        first_team = teams.first()
        if first_team is not None:
            self.initial.setdefault("team", first_team.pk)

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(PERSON_PREFIX)]

    def case_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CASE_INTAKE_FIELDS]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in CASE_INTAKE_FIELDS}
        fields["household_type"] = household_type_value(data["household_type"])
        if self.person is not None:
            fields["person"] = self.person
        else:
            person = {
                name.removeprefix(PERSON_PREFIX): value
                for name, value in data.items()
                if name.startswith(PERSON_PREFIX) and value not in ("", None)
            }
            fields["person_fields"] = person or None
        return fields


# --- Correcting an intake ------------------------------------------------------------------------

CORRECTION_FIELDS = ["channel", "came_from", "district", "categories", "main_concern"]


class IntakeCorrectionForm(ServiceForm):
    """The intake details as they stand, to correct, and the reason (required)."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields.update(_model_fields(Case, [*CORRECTION_FIELDS, "household_type"]))
        categories = _model_choice_field(self, "categories")
        categories.widget = forms.CheckboxSelectMultiple()
        # Inactive categories stay choosable when the case has them (else they would vanish).
        categories.queryset = Category.objects.filter(
            Q(is_active=True) | Q(pk__in=case.categories.values("pk"))
        )
        household_type_field(self)
        self.fields["reason"] = forms.CharField(
            label=_("訂正の理由"),
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("変更履歴に、訂正前の値・訂正した職員・日時とともに残ります。"),
            error_messages={"required": _("訂正の理由を書いてください。")},
        )
        if not self.is_bound:
            for name in CORRECTION_FIELDS:
                if name == "categories":
                    self.initial[name] = list(case.categories.all())
                else:
                    self.initial[name] = getattr(case, name)
            # Not known yet: offer to derive it (from members added now, say).
            self.initial["household_type"] = case.household_type or DERIVE

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in CORRECTION_FIELDS}
        fields["household_type"] = household_type_value(data["household_type"])
        fields["reason"] = data["reason"]
        return fields


# --- The case page's forms -----------------------------------------------------------------------


# The case page's empty forms, drawn, by everything their markup is made of
# (CasePageForm.field_groups). A few forms × languages × days × colleagues × case statuses;
# cleared when it ever reaches the limit, so it cannot grow without bound.
_FIELD_GROUPS: dict[tuple[Any, ...], SafeString] = {}
_FIELD_GROUPS_LIMIT = 512


def _key_value(value: Any) -> Any:
    """A field's value as part of a markup key: model rows by table and key, not by str()."""
    if isinstance(value, list | tuple):
        return tuple(_key_value(item) for item in value)
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    return (type(value).__name__, str(value))


class CasePageForm(ServiceForm):
    """A form of the case page: drawn for a case, by a user (the view passes both).

    Drawn empty (its first showing, not one with errors), its fields' markup is kept per
    process for everything that markup is made of (`_markup_key`): the language, each field's
    label, help, initial value (today's date, the user as assignee…) and choices as read on
    this request. Six forms drawn field by field were a tenth of the case page's time; drawn
    again with the same key they are the same bytes. A form whose choices come from the
    case's own records (a person's consents) sets `shared_markup` false and is always drawn
    afresh: nothing of a case is kept between requests."""

    shared_markup = True

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.user = case, user

    def field_groups(self) -> SafeString:
        """`{% for field in form %}{{ field.as_field_group }}{% endfor %}`, kept when it may be."""
        if self.is_bound or not self.shared_markup or settings.DEBUG:
            return self._draw_field_groups()
        key = self._markup_key()
        html = _FIELD_GROUPS.get(key)
        if html is None:
            if len(_FIELD_GROUPS) >= _FIELD_GROUPS_LIMIT:
                _FIELD_GROUPS.clear()
            html = _FIELD_GROUPS[key] = self._draw_field_groups()
        return html

    def _draw_field_groups(self) -> SafeString:
        return mark_safe("".join(str(field.as_field_group()) for field in self))  # noqa: S308 (each group is the renderer's safe output)

    def _markup_key(self) -> tuple[Any, ...]:
        language = get_language()
        fields = []
        for name, field in self.fields.items():
            bound = self[name]
            widget = field.widget
            fields.append(
                (
                    name,
                    type(field).__name__,
                    type(widget).__name__,
                    getattr(widget, "input_type", None),
                    tuple(sorted((str(k), str(v)) for k, v in widget.attrs.items())),
                    getattr(field, "template_name", None),
                    field.required,
                    field.disabled,
                    str(field.label),
                    str(field.help_text),
                    _key_value(bound.value()),
                    choices_key(field, language),
                )
            )
        return (type(self).__name__, language, self.prefix, self.auto_id, tuple(fields))


class EntryForm(CasePageForm):
    prefix = "entry"

    def __init__(self, *args: Any, instance_values: Entry | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            _model_fields(
                Entry, ["kind", "occurred_on", "summary", "detail"], summary=forms.TextInput()
            )
        )
        self.initial.setdefault("occurred_on", timezone.localdate())
        if instance_values is not None:
            self.shared_markup = False  # an entry's own words
            for name in self.fields:
                self.initial[name] = getattr(instance_values, name)


class ReferralForm(CasePageForm):
    prefix = "referral"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        self.fields.update(
            _model_fields(
                Referral,
                [
                    "destination",
                    "reason",
                    "shared_information",
                    "basis",
                    "consent",
                    "statutory_ground",
                    "follow_up_on",
                ],
            )
        )
        consents = Consent.objects.none()
        if case.person_id:
            consents = Consent.objects.filter(person_id=case.person_id)
            self.shared_markup = False  # the person's consents are among its choices
        _model_choice_field(self, "consent").queryset = consents
        self.fields["consent"].required = False
        destination = _model_choice_field(self, "destination")
        destination.queryset = ReferralDestination.objects.filter(is_active=True)
        compiled_choices(destination, "referral_form.destination")


class ReferralUpdateForm(ServiceForm):
    """Following a referral up: its status along 送付 → 受理 / 不受理 → 完了, the outcome,
    the next follow-up date. One per referral on the case page (prefix by its id)."""

    status = forms.ChoiceField(label=_("状態"))
    outcome = forms.CharField(
        label=_("結果"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = forms.DateField(label=_("確認予定日"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"referral{referral.pk}")
        kwargs.setdefault(
            "initial",
            {
                "status": referral.status,
                "outcome": referral.outcome,
                "follow_up_on": referral.follow_up_on,
            },
        )
        super().__init__(*args, **kwargs)
        self.referral = referral
        _choice_field(self, "status").choices = [
            (value, label)
            for value, label in Referral.Status.choices
            if value == referral.status or referral.can_move_to(value)
        ]


class ConsentForm(CasePageForm):
    prefix = "consent"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Consent, ["scope", "destinations", "method", "given_on"]))
        self.fields["destinations"].required = False
        self.fields["destinations"].widget = forms.CheckboxSelectMultiple()
        destinations = _model_choice_field(self, "destinations")
        destinations.queryset = ReferralDestination.objects.filter(is_active=True)
        compiled_choices(destinations, "consent_form.destinations")
        self.initial.setdefault("given_on", timezone.localdate())


def _give_rows(field: forms.ModelChoiceField[Any], rows: list[Any]) -> None:
    """The field's choices are these rows, which the page has already read (one query fewer).
    Only the drawn choices: a submitted value is still checked by the field's own queryset."""
    queryset = field.queryset
    if queryset is None:
        raise TypeError("the field has no queryset to give rows to")
    queryset._result_cache = rows
    queryset._prefetch_done = True  # type: ignore[attr-defined]  # QuerySet's own flag


def share_case_page_choices(
    referral_form: ReferralForm, consent_form: ConsentForm, consents: list[Consent]
) -> None:
    """For a case with a person: the referral and consent forms choose among the same active
    destinations (read once), and the referral form's consents are the page's own list, in the
    field's order (Consent.Meta.ordering: newest given first)."""
    destinations = list(listed_rows(_model_choice_field(referral_form, "destination")))
    _give_rows(_model_choice_field(consent_form, "destinations"), destinations)
    _give_rows(
        _model_choice_field(referral_form, "consent"),
        sorted(consents, key=lambda consent: (consent.given_on, consent.pk), reverse=True),
    )


class TaskForm(CasePageForm):
    prefix = "task"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            _model_fields(Task, ["title", "due_on", "assignee"], title=forms.TextInput())
        )
        assignee = _model_choice_field(self, "assignee")
        assignee.queryset = permissions.case_workers().order_by("name")
        compiled_choices(assignee, "task_form.assignee")
        self.initial.setdefault("assignee", self.user.pk)


class FlagForm(CasePageForm):
    prefix = "flag"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Flag, ["kind", "instructions"]))


class StatusForm(CasePageForm):
    prefix = "status"
    """Only the moves the status path allows from where the case stands."""

    status = forms.ChoiceField(label=_("新しい状態"))
    outcome = forms.ChoiceField(
        label=_("結果（終了するとき）"),
        required=False,
        help_text=_("終結・終了にするときだけ選びます。"),
    )
    note = forms.CharField(
        label=_("変更の理由・メモ（経過記録に残ります）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.case
        _choice_field(self, "status").choices = [
            (value, label) for value, label in Case.Status.choices if case.can_move_to(value)
        ]
        _choice_field(self, "outcome").choices = [("", _("選ばない")), *Case.Outcome.choices[1:]]
        self.fields["note"].widget.attrs["rows"] = 3


# --- Reports -------------------------------------------------------------------------------------


class ReportPeriodForm(StaffForm):
    start = forms.DateField(label=_("集計の開始日"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("集計の終了日"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_template(self, FILTER_FIELD_TEMPLATE)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("終了日は開始日より後の日付にしてください。"))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period; this fiscal year so far when nothing (valid) was chosen."""
        today = timezone.localdate()
        start, end = fiscal_year_start(today), today
        if self.is_bound and self.is_valid():
            start = self.cleaned_data.get("start") or start
            end = self.cleaned_data.get("end") or end
        return start, end
