"""Correcting an intake: a supervisor, or the 主担当 within a day; a reason is required; the old
values stay in the change history with who, when and why; never a silent or empty change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from consultations import services
from consultations.models import (
    AccessLog,
    Case,
    Category,
    ChangeRecord,
    HouseholdMember,
    IntakeCorrection,
)
from networks.models import District
from tests.consultations.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

REASON = "電話の聞き取りで、相談者は本人ではなく姉だったため。"


@pytest.fixture
def case(staff_a: User) -> Case:
    return CaseFactory(primary_staff=staff_a, person=PersonFactory(age_band="50s"))


def hours_after_intake(case: Case, hours: int) -> None:
    """Move the intake back in time (created_at is set once, on insert)."""
    Case.objects.filter(pk=case.pk)._sanctioned_update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )
    case.refresh_from_db()


def correct(case: Case, user: User, **changes):
    return services.case_correct_intake(case=case, user=user, reason=REASON, **changes)


def test_a_supervisor_corrects_and_the_old_values_stay_in_the_history(
    case: Case, supervisor_a: User
) -> None:
    hours_after_intake(case, 24 * 30)
    before = timezone.now()

    correction = correct(
        case,
        supervisor_a,
        came_from=Case.CameFrom.FAMILY,
        district=District.objects.get(slug="oizumi"),
        categories=[Category.objects.get(slug="8050")],
    )

    case.refresh_from_db()
    assert case.came_from == Case.CameFrom.FAMILY
    assert case.district.slug == "oizumi"
    assert list(case.categories.values_list("slug", flat=True)) == ["8050"]
    history = {
        record.field: (record.old, record.new)
        for record in ChangeRecord.objects.filter(case=case, model="consultations.case")
    }
    assert history["came_from"] == ("self", "family")
    assert history["district"][0] == str(District.objects.get(slug="nerima").pk)
    assert history["categories"] == (
        str(Category.objects.get(slug="hardship").pk),
        str(Category.objects.get(slug="8050").pk),
    )
    assert correction.user == supervisor_a
    assert correction.reason == REASON
    assert correction.at >= before
    assert {change["field"]: (change["old"], change["new"]) for change in correction.changes()} == {
        "相談者": ("本人", "家族"),
        "地区": ("練馬", "大泉"),
        "相談分類": ("生活困窮", "8050問題"),
    }
    reason_record = ChangeRecord.objects.get(model="consultations.intakecorrection")
    assert (reason_record.field, reason_record.new, reason_record.user) == (
        "reason",
        REASON,
        supervisor_a,
    )
    logged = AccessLog.objects.filter(case=case, user=supervisor_a, action=AccessLog.Action.CHANGE)
    assert [log.detail for log in logged] == ["intake:correct"]


def test_the_assigned_staff_may_correct_within_a_day(case: Case, staff_a: User) -> None:
    hours_after_intake(case, 23)
    correct(case, staff_a, channel=Case.Channel.VISIT)
    case.refresh_from_db()
    assert case.channel == Case.Channel.VISIT


def test_the_assigned_staff_may_not_correct_after_a_day(case: Case, staff_a: User) -> None:
    hours_after_intake(case, 25)
    with pytest.raises(PermissionDenied):
        correct(case, staff_a, channel=Case.Channel.VISIT)
    case.refresh_from_db()
    assert case.channel == Case.Channel.PHONE
    assert not IntakeCorrection.objects.exists()


def test_a_colleague_who_sees_the_case_may_not_correct_it(case: Case, staff_a2: User) -> None:
    with pytest.raises(PermissionDenied):
        correct(case, staff_a2, channel=Case.Channel.VISIT)


def test_staff_of_another_team_may_not_correct_it(case: Case, staff_b: User) -> None:
    with pytest.raises(PermissionDenied):
        correct(case, staff_b, channel=Case.Channel.VISIT)


def test_a_correction_without_a_reason_is_refused(case: Case, supervisor_a: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_correct_intake(
            case=case, user=supervisor_a, reason="  ", channel=Case.Channel.VISIT
        )
    assert refused.value.message_dict == {"reason": ["訂正の理由を書いてください。"]}
    case.refresh_from_db()
    assert case.channel == Case.Channel.PHONE


def test_a_correction_that_changes_nothing_is_refused(case: Case, supervisor_a: User) -> None:
    with pytest.raises(ValidationError):
        correct(case, supervisor_a, channel=case.channel)
    assert not IntakeCorrection.objects.exists()
    assert not ChangeRecord.objects.filter(model="consultations.intakecorrection").exists()


def test_household_members_are_added_changed_and_removed_with_history(
    case: Case, supervisor_a: User
) -> None:
    correction = correct(
        case,
        supervisor_a,
        household=[{"relationship": "parent", "age_band": "80plus", "lives_together": True}],
        household_type=None,
    )
    case.refresh_from_db()
    mother = case.household_members.get()
    assert case.household_type == Case.HouseholdType.EIGHTY_FIFTY
    assert [c["field"] for c in correction.changes()] == ["世帯員を追加", "世帯の類型"]

    correct(
        case,
        supervisor_a,
        household=[
            {"member": mother, "relationship": "parent", "age_band": "70s", "lives_together": True}
        ],
    )
    mother.refresh_from_db()
    assert mother.age_band == "70s"
    changed = ChangeRecord.objects.filter(
        model="consultations.householdmember", object_id=str(mother.pk), field="age_band"
    )
    assert ("80plus", "70s") in [(record.old, record.new) for record in changed]

    correct(case, supervisor_a, household=[{"member": mother, "remove": True}])
    mother.refresh_from_db()
    assert mother.removed_at is not None
    assert not case.household_members.current().exists()
    assert HouseholdMember.objects.filter(pk=mother.pk).exists()  # kept, never deleted


def test_a_member_of_another_case_cannot_be_changed_through_this_one(
    case: Case, supervisor_a: User
) -> None:
    other = CaseFactory(primary_staff=supervisor_a)
    stranger = HouseholdMember.objects.create(case=other, relationship="child")
    with pytest.raises(PermissionDenied):
        correct(case, supervisor_a, household=[{"member": stranger, "remove": True}])
    stranger.refresh_from_db()
    assert stranger.removed_at is None
