"""The case list's filter form is drawn once per process for what it is made of
(staff.filters.CaseFilterForm, networks.filters.RenderedOnceForm): the choices as read on
this request are part of what it is drawn from, so a change shows on the very next page; a
search's words are never kept; nothing in it belongs to one user."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF
from consultations.models import Case, Category
from networks import filters as network_filters
from networks.models import District
from staff.filters import CaseFilter
from tests.staff.searches import search_cases

pytestmark = pytest.mark.django_db


def select(page: str, name: str) -> str:
    """The markup of the filter form's select `name`."""
    start = page.index(f'<select name="{name}"')
    return page[start : page.index("</select>", start)]


def filter_page(client: Client, **params: object) -> str:
    response = client.get("/staff/cases/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def _empty_markup_cache() -> None:
    network_filters._RENDERED_FORMS.clear()


def test_a_renamed_category_or_district_shows_on_the_next_page(staff_a_client: Client) -> None:
    category = Category.objects.order_by("order", "pk").first()
    district = District.objects.order_by("pk").first()
    for params in ({}, {"category": category.pk}, {"status": "support"}):
        before = filter_page(staff_a_client, **params)
        assert category.name in select(before, "category")
        Category.objects.filter(pk=category.pk).update(name="改名した分類")
        District.objects.filter(pk=district.pk).update(name="改名した地区")

        after = filter_page(staff_a_client, **params)
        assert "改名した分類" in select(after, "category")
        assert "改名した地区" in select(after, "district")
        Category.objects.filter(pk=category.pk).update(name=category.name)
        District.objects.filter(pk=district.pk).update(name=district.name)


def test_a_colleague_who_leaves_the_case_roles_is_no_longer_offered_at_once(
    staff_a_client: Client, staff_a2: User
) -> None:
    offered = f'<option value="{staff_a2.pk}"'
    assert offered in select(filter_page(staff_a_client), "assignee")

    staff_a2.groups.remove(Group.objects.get(name=CONSULTATION_STAFF))
    assert offered not in select(filter_page(staff_a_client), "assignee")

    staff_a2.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    assert offered in select(filter_page(staff_a_client), "assignee")
    User.objects.filter(pk=staff_a2.pk).update(is_active=False)
    assert offered not in select(filter_page(staff_a_client), "assignee")


def test_the_chosen_values_and_their_errors_are_drawn_for_each_request(
    staff_a_client: Client,
) -> None:
    category = Category.objects.order_by("order", "pk").first()
    chosen = filter_page(staff_a_client, category=category.pk)
    assert f'<option value="{category.pk}" selected>' in select(chosen, "category")
    plain = filter_page(staff_a_client)
    assert " selected>" not in select(plain, "category").replace('value="" selected>', "")
    wrong = filter_page(staff_a_client, received_from="not-a-date")
    assert "日付" in wrong
    assert "日付" not in filter_page(staff_a_client).split("条件で絞り込む")[1].split("</form>")[0]


def test_search_words_are_never_kept_in_the_markup_cache(staff_a_client: Client) -> None:
    for words in ("ひみつのよみがな", "べつのよみがな"):
        page = search_cases(staff_a_client, q=words, status="support").content.decode()
        assert f'name="q" value="{words}"' in page  # drawn in the search box, for this request
        kept = repr(list(network_filters._RENDERED_FORMS.items()))
        assert words not in kept
    assert len(network_filters._RENDERED_FORMS) == 1  # the same markup, without the words


@pytest.mark.parametrize("words", ["やまだ", "a<b>&\"'c", "0312345678", "x" * 101])
def test_search_words_are_drawn_as_the_form_draws_them(staff_a: User, words: str) -> None:
    staff_a.second_factor_passed = True
    for _ in range(2):  # drawn, then found
        case_filter = CaseFilter(
            {"q": words, "status": "support"}, queryset=Case.objects.none(), user=staff_a
        )
        case_filter.form.is_valid()
        assert str(case_filter.form) == forms.Form.render(case_filter.form)


def test_each_user_gets_their_own_csrf_token_around_the_same_filter_markup(
    staff_a_client: Client, supervisor_a_client: Client
) -> None:
    def token(client: Client) -> str:
        page = filter_page(client, status="support")
        form = page[page.index('<form method="post" action="/staff/cases/"') :]
        form = form[: form.index("</form>")]
        value = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        return value

    assert token(staff_a_client) != token(supervisor_a_client)


def test_the_form_class_made_once_holds_no_rows(staff_a_client: Client) -> None:
    """CaseFilter.get_form_class is made once per process; each form copies its fields, and
    each copy reads its own rows (a renamed category shows at once, above)."""
    category = Category.objects.order_by("order", "pk").first()
    for _ in range(2):
        filter_page(staff_a_client, category=category.pk, assignee="")
    form_class = CaseFilter._form_class
    assert form_class is not None
    for name in ("category", "district", "assignee"):
        assert form_class.base_fields[name].queryset._result_cache is None, name
