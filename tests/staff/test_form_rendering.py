"""The workspace's forms are drawn by staff.rendering (the most used form templates written
in Python): the HTML is byte for byte what the templates draw, for every form of the
workspace, empty, filled in and with errors; and model choices are read once per form."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from accounts.models import User
from consultations.models import Case, Referral, ReferralDestination
from staff import views
from staff.filters import CaseFilter
from staff.forms import (
    IntakeForm,
    PersonSearchForm,
    ReferralUpdateForm,
    ReportPeriodForm,
    StaffForm,
    lighten,
)

pytestmark = pytest.mark.django_db


def every_form(user: User, case: Case, referral: Referral) -> list[str]:
    drawn = []
    for form_class in views.CASE_PAGE_FORMS.values():
        empty = form_class(case=case, user=user)
        filled = form_class({"x": "1"}, case=case, user=user)
        filled.is_valid()  # every required field missing: an error beside each
        for form in (empty, filled):
            drawn.append("".join(str(field.as_field_group()) for field in form))
    for data in ({}, {"status": "support", "assignee": str(user.pk), "received_from": "x"}):
        drawn.append(str(CaseFilter(data, queryset=Case.objects.none(), user=user).form))
    intake = IntakeForm({"received_on": "2025-04-01"}, user=user, person=None)
    intake.is_valid()
    drawn.append("".join(str(field.as_field_group()) for field in intake))
    drawn.append("".join(str(f.as_field_group()) for f in IntakeForm(user=user, person=None)))
    search = PersonSearchForm({"kana": "<やまだ>", "phone": "03", "birth_date": "x"})
    search.is_valid()
    drawn.append("".join(str(field.as_field_group()) for field in search))
    drawn.append(str(ReportPeriodForm({"start": "2025-05-01", "end": "2025-04-01"})))
    update = ReferralUpdateForm({"outcome": "結果 & <注記>"}, referral=referral)
    update.is_valid()
    drawn.append("".join(str(field.as_field_group()) for field in update))
    return drawn


def test_the_forms_draw_exactly_what_the_templates_draw(
    staff_a: User, a_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff_a.second_factor_passed = True
    destination = ReferralDestination.objects.create(name="つなぎ先 <A&B>")
    referral = Referral.objects.create(
        case=a_case,
        destination=destination,
        reason="理由",
        basis=Referral.Basis.NONE,
        follow_up_on=dt.date(2025, 6, 1),
        created_by=staff_a,
    )

    ours = every_form(staff_a, a_case, referral)
    monkeypatch.setattr(StaffForm, "default_renderer", TemplatesSetting())
    theirs = every_form(staff_a, a_case, referral)

    assert len(ours) == len(theirs) == 19
    for drawn, expected in zip(ours, theirs, strict=True):
        assert drawn == expected
    html = "".join(ours)
    assert html.count("<select") >= 20
    assert html.count("<textarea") >= 4
    assert 'class="errorlist"' in html
    assert "つなぎ先 &lt;A&amp;B&gt;" in html


def test_a_model_choice_field_reads_its_rows_once(
    staff_a: User, staff_b: User, django_assert_num_queries
) -> None:
    users = User.objects.count()
    field = forms.ModelChoiceField(queryset=User.objects.order_by("pk"))
    lighten([field])
    with django_assert_num_queries(1):
        html = field.widget.render("user", None)
        choices = list(field.choices)
        size = len(field.choices)
    assert size == len(choices) == users + 1  # and the empty choice
    assert f'<option value="{staff_b.pk}">' in html
