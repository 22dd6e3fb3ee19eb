"""Each case page shows its own records, whichever case's page was drawn before it: the
case's records are read by SQL compiled once per process (core.compiled), with each case's
key."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import (
    Case,
    Category,
    Flag,
    HouseholdLink,
    HouseholdMember,
    Referral,
    ReferralDestination,
    Task,
)
from tests.consultations.factories import (
    CaseFactory,
    ConsentFactory,
    EntryFactory,
    PersonFactory,
)
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def with_records(staff: User, word: str, category: str) -> Case:
    """A case whose every record carries `word`."""
    case = CaseFactory(
        primary_staff=staff,
        person=PersonFactory(kana=f"{word} さん"),
        categories=[Category.objects.get(slug=category)],
    )
    EntryFactory(case=case, staff=staff, summary=f"{word}の面談", detail=f"{word}の記録")
    Flag.objects.create(
        case=case, kind=Flag.Kind.ADDRESS_SECRET, instructions=f"{word}の注意", created_by=staff
    )
    Task.objects.create(
        case=case,
        title=f"{word}の予定",
        due_on=dt.date(2025, 7, 1),
        assignee=staff,
        created_by=staff,
    )
    HouseholdMember.objects.create(
        case=case, relationship=HouseholdLink.Relationship.PARENT, name=f"{word}の親"
    )
    destination = ReferralDestination.objects.create(name=f"{word}センター")
    consent = ConsentFactory(person=case.person, recorded_by=staff)
    consent.destinations.set([destination])
    Referral.objects.create(
        case=case,
        destination=destination,
        reason=f"{word}の理由",
        basis=Referral.Basis.CONSENT,
        consent=consent,
        created_by=staff,
    )
    return case


def test_each_case_page_shows_its_own_records(staff_a: User, staff_a_client: Client) -> None:
    cases = {
        "あか": with_records(staff_a, "あか", "hardship"),
        "みどり": with_records(staff_a, "みどり", "special-loan"),
    }
    hardship, loan = (Category.objects.get(slug=s).name for s in ("hardship", "special-loan"))

    for word, other in (("あか", "みどり"), ("みどり", "あか"), ("あか", "みどり")):
        response = staff_a_client.get(f"/staff/cases/{cases[word].number}/")
        assert response.status_code == 200
        text = visible_text(response)
        for record in ("の面談", "の記録", "の注意", "の予定", "の親", "の理由"):
            assert f"{word}{record}" in text
            assert f"{other}{record}" not in text
        # The consent's destination (every active destination is offered in the forms too).
        assert f"：{word}センター" in text
        assert f"：{other}センター" not in text
        assert (hardship if word == "あか" else loan) in text
        assert (loan if word == "あか" else hardship) not in text


def test_choices_added_after_a_page_are_offered_on_the_next(
    staff_a: User, staff_a_client: Client, a_case: Case
) -> None:
    """The forms' lists of choices are read by SQL compiled once per process: the rows are
    still read on every page."""
    assert "あとからセンター" not in visible_text(
        staff_a_client.get(f"/staff/cases/{a_case.number}/")
    )
    before = visible_text(staff_a_client.get("/staff/cases/"))
    ReferralDestination.objects.create(name="あとからセンター")
    Category.objects.create(name="あとから分類", slug="later")

    assert "あとからセンター" in visible_text(staff_a_client.get(f"/staff/cases/{a_case.number}/"))
    assert "あとから分類" not in before
    assert "あとから分類" in visible_text(staff_a_client.get("/staff/cases/"))
