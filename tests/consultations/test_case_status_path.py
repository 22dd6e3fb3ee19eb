"""A case moves only along its path; anything else is refused in Japanese."""

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Case
from tests.consultations.factories import CaseFactory

S = Case.Status


@pytest.fixture
def case(staff_a) -> Case:
    return CaseFactory(primary_staff=staff_a)


def walk(case: Case, user, *statuses: str) -> Case:
    for status in statuses:
        case = services.case_change_status(case=case, user=user, status=status)
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        (S.ASSESSMENT, S.SUPPORT, S.CLOSED),
        (S.INFO_ONLY,),
        (S.REFERRED_OUT,),
        (S.ASSESSMENT, S.SUSPENDED, S.RESUMED, S.SUPPORT, S.CLOSED),
        (S.SUSPENDED, S.RESUMED, S.SUPPORT, S.SUSPENDED, S.RESUMED, S.SUPPORT, S.CLOSED),
    ],
)
def test_the_allowed_paths_end_closed_with_a_date_and_outcome(staff_a, case, path) -> None:
    case = walk(case, staff_a, *path)

    assert case.is_closed
    assert case.closed_on is not None
    assert case.outcome


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "target"),
    [
        ((), S.CLOSED),
        ((), S.SUPPORT),
        ((S.ASSESSMENT,), S.INFO_ONLY),
        ((S.INFO_ONLY,), S.ASSESSMENT),
        ((S.ASSESSMENT, S.SUPPORT, S.CLOSED), S.SUSPENDED),
        ((S.SUSPENDED,), S.SUPPORT),
        ((), S.RESUMED),
    ],
)
def test_other_moves_are_refused_and_change_nothing(staff_a, case, before, target) -> None:
    case = walk(case, staff_a, *before)

    with pytest.raises(ValidationError) as refused:
        services.case_change_status(case=case, user=staff_a, status=target)

    assert "には進めません" in refused.value.message_dict["status"][0]
    case.refresh_from_db()
    assert case.status == (before[-1] if before else S.RECEIVED)


@pytest.mark.django_db
def test_an_unknown_status_is_refused(staff_a, case) -> None:
    with pytest.raises(ValidationError, match="選べない状態"):
        services.case_change_status(case=case, user=staff_a, status="deleted")


@pytest.mark.django_db
def test_closing_takes_the_outcome_given(staff_a, case) -> None:
    case = walk(case, staff_a, S.ASSESSMENT, S.SUPPORT)
    case = services.case_change_status(
        case=case, user=staff_a, status=S.CLOSED, outcome=Case.Outcome.RESOLVED
    )

    assert case.outcome == Case.Outcome.RESOLVED
