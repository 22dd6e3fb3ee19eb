"""The workspace's selects write their options in Python (staff.forms.InlineSelect): the
HTML is exactly what Django's select template draws, for every kind of option."""

import pytest
from django import forms

from accounts.models import User
from consultations.models import Case
from staff import views
from staff.filters import CaseFilter
from staff.forms import InlineSelect, lighten

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "選ばない"),
    ("a", "A & <b>"),
    ("Group", [("g1", "第1"), ("g2", '"引用"')]),
    (3, 3),
]


def drawn(widget: forms.Select, value: object) -> str:
    widget.choices = CHOICES
    return widget.render("field", value, attrs={"id": "id_field", "data-x": True, "hidden": False})


@pytest.mark.parametrize("value", ["", "a", "g2", 3, ["a", "g1"]])
def test_it_writes_what_the_template_writes(value: object) -> None:
    assert drawn(InlineSelect(), value) == drawn(forms.Select(), value)


def test_it_escapes_labels_and_values() -> None:
    html = drawn(InlineSelect(), "a")
    assert "A &amp; &lt;b&gt;" in html
    assert "&quot;引用&quot;" in html
    assert '<option value="a" selected>' in html


def test_the_case_page_and_list_forms_draw_as_before(
    staff_a: User, a_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff_a.second_factor_passed = True

    def every_form() -> list[str]:
        drawn = [
            "".join(str(field.as_field_group()) for field in form_class(case=a_case, user=staff_a))
            for form_class in views.CASE_PAGE_FORMS.values()
        ]
        data = {"status": "support", "assignee": str(staff_a.pk)}
        drawn.append(str(CaseFilter(data, queryset=Case.objects.none(), user=staff_a).form))
        return drawn

    lightened = every_form()
    monkeypatch.setattr("staff.forms.lighten", lambda fields: None)
    monkeypatch.setattr("staff.filters.lighten", lambda fields: None)
    plain = every_form()

    assert lightened == plain
    assert sum(html.count("<select") for html in lightened) >= 8


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
