"""A referral that shares information needs a recorded basis; withdrawn consent is none."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Case, Consent, Referral
from networks.models import Member
from tests.consultations.factories import CaseFactory, ReferralDestinationFactory


@pytest.fixture
def case(staff_a) -> Case:
    return CaseFactory(primary_staff=staff_a)


@pytest.fixture
def destination():
    return ReferralDestinationFactory()


def consent_for(case: Case, user, destinations, scope=Consent.Scope.NAMED_ORGANISATIONS):
    return services.consent_record(
        person=case.person,
        user=user,
        scope=scope,
        method=Consent.Method.WRITTEN,
        destinations=destinations,
        given_on=dt.date(2025, 6, 1),
    )


@pytest.mark.django_db
def test_sharing_without_a_basis_is_refused_with_a_japanese_message(staff_a, case, destination):
    with pytest.raises(ValidationError) as refused:
        services.referral_create(
            case=case,
            user=staff_a,
            destination=destination,
            reason="就労支援",
            basis=Referral.Basis.NONE,
            shared_information="氏名、病歴",
        )

    assert "根拠" in refused.value.message_dict["basis"][0]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_referral_without_shared_information_needs_no_basis(staff_a, case, destination):
    referral = services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason="窓口を案内",
        basis=Referral.Basis.NONE,
    )
    assert referral.pk


@pytest.mark.django_db
def test_sharing_on_the_persons_consent_is_accepted(staff_a, case, destination):
    consent = consent_for(case, staff_a, [destination])

    referral = services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason="就労支援",
        basis=Referral.Basis.CONSENT,
        consent=consent,
        shared_information="氏名、連絡先",
    )

    assert referral.consent == consent


@pytest.mark.django_db
def test_a_withdrawn_consent_cannot_be_a_basis(staff_a, case, destination):
    consent = consent_for(case, staff_a, [destination])
    services.consent_withdraw(consent=consent, user=staff_a)

    with pytest.raises(ValidationError) as refused:
        services.referral_create(
            case=case,
            user=staff_a,
            destination=destination,
            reason="就労支援",
            basis=Referral.Basis.CONSENT,
            consent=consent,
            shared_information="氏名",
        )
    assert "撤回" in refused.value.message_dict["consent"][0]
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None  # kept, not deleted


@pytest.mark.django_db
def test_a_consent_naming_other_destinations_does_not_cover_this_one(staff_a, case, destination):
    consent = consent_for(case, staff_a, [ReferralDestinationFactory()])

    with pytest.raises(ValidationError, match="含んでいません"):
        services.referral_create(
            case=case,
            user=staff_a,
            destination=destination,
            reason="x",
            basis=Referral.Basis.CONSENT,
            consent=consent,
            shared_information="氏名",
        )


@pytest.mark.django_db
def test_consent_to_share_with_partners_covers_network_members_only(staff_a, case):
    member = Member.objects.create(
        name="社会福祉法人 ねりま", kind=Member.Kind.SOCIAL_WELFARE_CORPORATION
    )
    partner = ReferralDestinationFactory(member=member)
    outsider = ReferralDestinationFactory()
    consent = consent_for(case, staff_a, [], scope=Consent.Scope.SHARE_WITH_PARTNERS)

    assert consent in Consent.objects.active_for(case.person, partner)
    assert consent not in Consent.objects.active_for(case.person, outsider)


@pytest.mark.django_db
def test_someone_elses_consent_is_not_a_basis(staff_a, case, destination):
    other_case = CaseFactory(primary_staff=staff_a)
    consent = consent_for(other_case, staff_a, [destination])

    with pytest.raises(ValidationError, match="本人の同意ではありません"):
        services.referral_create(
            case=case,
            user=staff_a,
            destination=destination,
            reason="x",
            basis=Referral.Basis.CONSENT,
            consent=consent,
            shared_information="氏名",
        )


@pytest.mark.django_db
def test_a_statutory_exception_needs_its_ground_written(staff_a, case, destination):
    with pytest.raises(ValidationError, match="法令名"):
        services.referral_create(
            case=case,
            user=staff_a,
            destination=destination,
            reason="虐待の通報",
            basis=Referral.Basis.STATUTORY,
            shared_information="氏名、状況",
        )
    referral = services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason="虐待の通報",
        basis=Referral.Basis.STATUTORY,
        shared_information="氏名、状況",
        statutory_ground="高齢者虐待防止法7条",
    )
    assert referral.pk


@pytest.mark.django_db
def test_referral_status_follows_its_path(staff_a, case, destination):
    referral = services.referral_create(
        case=case, user=staff_a, destination=destination, reason="x", basis=Referral.Basis.NONE
    )
    with pytest.raises(ValidationError, match="変えられません"):
        services.referral_update(referral=referral, user=staff_a, status=Referral.Status.COMPLETED)
    services.referral_update(referral=referral, user=staff_a, status=Referral.Status.DECLINED)
    services.referral_update(
        referral=referral, user=staff_a, status=Referral.Status.COMPLETED, outcome="別機関へ"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("completed", "別機関へ")
