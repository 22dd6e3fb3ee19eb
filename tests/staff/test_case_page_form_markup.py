"""The case page's empty forms are drawn once per process for what their markup is made of
(staff.forms.CasePageForm.field_groups): each user's own defaults, the case's status and the
choices as read on this request are part of it, so nothing shows that belongs to someone
else or to an earlier state; and nothing made of a case's records is kept at all."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Consent, ReferralDestination
from staff import forms as staff_forms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_markup_cache() -> None:
    staff_forms._FIELD_GROUPS.clear()


def case_page(client: Client, case: Case) -> str:
    response = client.get(f"/staff/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def select(page: str, name: str) -> str:
    start = page.index(f'<select name="{name}"')
    return page[start : page.index("</select>", start)]


def test_each_user_finds_themselves_chosen_as_the_assignee(
    staff_a: User, supervisor_a: User, staff_a_client: Client, supervisor_a_client: Client, a_case
) -> None:
    for _ in range(2):  # the second time, from what was kept
        assert f'<option value="{staff_a.pk}" selected>' in select(
            case_page(staff_a_client, a_case), "task-assignee"
        )
        mine = select(case_page(supervisor_a_client, a_case), "task-assignee")
        assert f'<option value="{supervisor_a.pk}" selected>' in mine
        assert f'<option value="{staff_a.pk}" selected>' not in mine


def test_a_status_change_or_a_renamed_destination_shows_on_the_next_page(
    staff_a_client: Client, a_case: Case
) -> None:
    destination = ReferralDestination.objects.create(name="はじめの名前")
    before = case_page(staff_a_client, a_case)
    assert "はじめの名前" in before
    destination.name = "あたらしい名前"
    destination.save()
    moved = staff_a_client.post(
        f"/staff/cases/{a_case.number}/status/", {"status-status": Case.Status.ASSESSMENT}
    )
    assert moved.status_code == 302

    after = case_page(staff_a_client, a_case)
    assert "あたらしい名前" in after
    assert "はじめの名前" not in after
    assert select(before, "status-status") != select(after, "status-status")
    assert 'value="assessment"' in select(before, "status-status")
    assert 'value="assessment"' not in select(after, "status-status")  # it is there now


def test_the_date_offered_is_today_s(
    staff_a_client: Client, a_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 'name="entry-occurred_on" value="2031-04-01"' not in case_page(staff_a_client, a_case)
    monkeypatch.setattr(staff_forms.timezone, "localdate", lambda: dt.date(2031, 4, 1))
    assert 'name="entry-occurred_on" value="2031-04-01"' in case_page(staff_a_client, a_case)


def test_nothing_made_of_a_person_s_consents_is_kept(
    staff_a: User, staff_a_client: Client, a_case: Case
) -> None:
    assert a_case.person is not None
    Consent.objects.create(
        person=a_case.person,
        scope=Consent.Scope.SHARE_WITH_PARTNERS,
        method=Consent.Method.WRITTEN,
        given_on=dt.date(2025, 5, 7),
        recorded_by=staff_a,
    )
    page = case_page(staff_a_client, a_case)
    assert "2025-05-07" in select(page, "referral-consent")

    kept = repr(list(staff_forms._FIELD_GROUPS.items()))
    assert "2025-05-07" not in kept
    assert not any(key[0] == "ReferralForm" for key in staff_forms._FIELD_GROUPS)
    assert any(key[0] == "TaskForm" for key in staff_forms._FIELD_GROUPS)
