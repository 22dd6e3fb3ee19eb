"""The one visibility rule (Case.objects.visible_to and consultations.permissions), from every
side: assigned staff, team members (通常 only), the team's supervisor, nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultations import permissions
from consultations.models import Case, Inquiry, Person, Team
from tests.consultations.factories import CaseFactory

NORMAL, RESTRICTED = Case.Confidentiality.NORMAL, Case.Confidentiality.RESTRICTED


@pytest.fixture
def cases(staff_a, staff_a2, staff_b, supervisor_a) -> dict[str, Case]:
    team_a, team_b = Team.objects.get(slug="jiritsu"), Team.objects.get(slug="shikin")
    return {
        "normal_a": CaseFactory(team=team_a, primary_staff=staff_a2, confidentiality=NORMAL),
        "restricted_a_other": CaseFactory(
            team=team_a, primary_staff=staff_a2, confidentiality=RESTRICTED
        ),
        "restricted_a_own": CaseFactory(
            team=team_a, primary_staff=staff_a, confidentiality=RESTRICTED
        ),
        "normal_b": CaseFactory(team=team_b, confidentiality=NORMAL),
        "restricted_b_unassigned": CaseFactory(team=team_b, confidentiality=RESTRICTED),
        "restricted_b_secondary_a": CaseFactory(
            team=team_b, secondary_staff=staff_a, confidentiality=RESTRICTED
        ),
    }


EXPECTED = {
    "staff_a": {"normal_a", "restricted_a_own", "restricted_b_secondary_a"},
    "staff_a2": {"normal_a", "restricted_a_other"},
    "staff_b": {"normal_b"},
    "supervisor_a": {"normal_a", "restricted_a_other", "restricted_a_own"},
    "system_admin": set(),
    "staff_without_mfa": set(),
    "coordinator": set(),
    "resident": set(),
    "administrator": set(),  # a superuser sees cases only through the break-glass view
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_the_cases_of_the_rule(
    request: pytest.FixtureRequest, cases: dict[str, Case], persona: str
) -> None:
    user = request.getfixturevalue(persona)
    expected = {cases[name].pk for name in EXPECTED[persona]}

    assert set(Case.objects.visible_to(user).values_list("pk", flat=True)) == expected
    # The single-case helper agrees with the queryset for every case.
    assert {case.pk for case in cases.values() if permissions.can_see_case(user, case)} == expected


@pytest.mark.django_db
def test_anonymous_sees_nothing(cases: dict[str, Case]) -> None:
    assert not Case.objects.visible_to(AnonymousUser()).exists()
    assert not permissions.can_see_case(AnonymousUser(), cases["normal_a"])


@pytest.mark.django_db
def test_a_supervisor_flag_without_the_supervisor_role_does_not_widen_the_rule(
    staff_a, cases: dict[str, Case]
) -> None:
    staff_a.team_memberships.update(is_supervisor=True)
    permissions.forget_cached(staff_a)

    assert cases["restricted_a_other"] not in Case.objects.visible_to(staff_a)


@pytest.mark.django_db
def test_an_inactive_account_sees_nothing(staff_a, cases: dict[str, Case]) -> None:
    staff_a.is_active = False

    assert not Case.objects.visible_to(staff_a).exists()


@pytest.mark.django_db
def test_persons_follow_the_cases_they_belong_to(staff_a, staff_b, cases) -> None:
    person = cases["restricted_a_other"].person

    assert person not in Person.objects.visible_to(staff_a)
    assert person not in Person.objects.visible_to(staff_b)
    assert cases["normal_a"].person in Person.objects.visible_to(staff_a)
    assert not Person.objects.visible_to(staff_a).search(kana=person.kana).filter(pk=person.pk)


@pytest.mark.django_db
def test_an_inquiry_taken_into_a_restricted_case_is_seen_only_by_the_rule(
    staff_a, staff_a2, supervisor_a, an_inquiry: Inquiry
) -> None:
    CaseFactory(inquiry=an_inquiry, primary_staff=staff_a2, confidentiality=RESTRICTED)

    assert an_inquiry in Inquiry.objects.visible_to(staff_a2)
    assert an_inquiry in Inquiry.objects.visible_to(supervisor_a)
    assert an_inquiry not in Inquiry.objects.visible_to(staff_a)


@pytest.mark.django_db
def test_the_triage_queue_needs_a_second_factor(staff_without_mfa, an_inquiry) -> None:
    assert not Inquiry.objects.visible_to(staff_without_mfa).exists()


@pytest.mark.django_db
def test_exports_and_access_logs_are_for_supervisors_of_the_team(
    staff_a, staff_b, supervisor_a, cases
) -> None:
    assert permissions.can_export(supervisor_a)
    assert not permissions.can_export(staff_a)
    assert permissions.can_view_access_log(supervisor_a, cases["restricted_a_own"])
    assert not permissions.can_view_access_log(supervisor_a, cases["normal_b"])
    assert not permissions.can_view_access_log(staff_a, cases["normal_a"])
    assert permissions.is_supervisor_of(supervisor_a, Team.objects.get(slug="jiritsu").pk)
    assert not permissions.is_supervisor_of(staff_b)
