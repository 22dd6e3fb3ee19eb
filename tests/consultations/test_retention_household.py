"""Retention anonymises the household recorded in a case and the reasons of its intake
corrections with the rest of the case: the rows stay (counts), their words go."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations import services
from consultations.models import Case, HouseholdMember, IntakeCorrection
from tests.consultations.factories import CaseFactory
from tests.consultations.test_retention_command import decrypted_text

pytestmark = pytest.mark.django_db

WORDS = ["谷原 ゆき", "兄とは十年会っていない", "姉が相談者だったと判明した"]


def test_members_and_correction_reasons_are_anonymised(staff_a, supervisor_a) -> None:
    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 8)
    case = CaseFactory(primary_staff=staff_a, received_on=long_ago)
    services.case_correct_intake(
        case=case,
        user=supervisor_a,
        reason=WORDS[2],
        household=[{"relationship": "sibling", "name": WORDS[0], "notes": WORDS[1]}],
    )
    Case.objects.filter(pk=case.pk)._sanctioned_update(
        status=Case.Status.CLOSED, closed_on=long_ago
    )
    assert all(word in decrypted_text() for word in WORDS)

    call_command("apply_retention", "--confirm")

    text = decrypted_text()
    assert not [word for word in WORDS if word in text]
    assert HouseholdMember.objects.get(case=case).relationship == "sibling"
    assert IntakeCorrection.objects.filter(case=case).count() == 1
