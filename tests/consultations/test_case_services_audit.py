"""Every workflow writes its access log row and its change history (old and new values)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from consultations import services
from consultations.models import (
    AccessLog,
    Case,
    Category,
    ChangeRecord,
    Consent,
    Entry,
    Flag,
    Inquiry,
    Person,
    Referral,
    Task,
    Team,
)
from tests.consultations.factories import CaseFactory, ReferralDestinationFactory


@pytest.fixture
def case(staff_a) -> Case:
    return CaseFactory(primary_staff=staff_a)


def logged(user, action: str, case: Case | None = None) -> int:
    return AccessLog.objects.filter(user=user, action=action, case=case).count()


def changes(obj, field: str) -> list[tuple[str, str]]:
    return [
        (record.old, record.new)
        for record in ChangeRecord.objects.filter(
            model=obj._meta.label_lower, object_id=str(obj.pk), field=field
        ).order_by("pk")
    ]


@pytest.mark.django_db
def test_intake_logs_the_creation_and_records_every_value(staff_a) -> None:
    case = services.case_create(
        user=staff_a,
        team=Team.objects.get(slug="jiritsu"),
        channel=Case.Channel.VISIT,
        came_from=Case.CameFrom.FAMILY,
        categories=[Category.objects.get(slug="8050")],
        main_concern="五十代の息子が部屋から出てこない。",
        person_fields={"name": "大泉 ハナ", "kana": "おおいずみ はな", "phone": "03-1111-2222"},
    )

    assert logged(staff_a, AccessLog.Action.CREATE, case) == 1
    assert changes(case, "main_concern") == [("", "五十代の息子が部屋から出てこない。")]
    assert changes(case, "status") == [("", "received")]
    assert changes(case.person, "name") == [("", "大泉 ハナ")]
    assert case.number.startswith(f"{case.fiscal_year}-")
    assert case.primary_staff == staff_a


@pytest.mark.django_db
def test_taking_an_inquiry_opens_a_case_with_its_person_and_marks_it_taken(
    staff_a, an_inquiry: Inquiry
) -> None:
    case = services.inquiry_take(inquiry=an_inquiry, user=staff_a)

    an_inquiry.refresh_from_db()
    assert an_inquiry.status == Inquiry.Status.TAKEN
    assert case.inquiry == an_inquiry
    assert case.person.name == an_inquiry.name
    assert case.person.phone == an_inquiry.phone
    assert case.main_concern == an_inquiry.message
    assert case.channel == Case.Channel.WEB
    assert list(case.categories.values_list("slug", flat=True)) == ["isolation"]
    assert changes(an_inquiry, "status") == [("new", "taken")]
    assert logged(staff_a, AccessLog.Action.CREATE, case) == 1


@pytest.mark.django_db
def test_an_inquiry_is_taken_once(staff_a, staff_a2, an_inquiry: Inquiry) -> None:
    services.inquiry_take(inquiry=an_inquiry, user=staff_a)

    with pytest.raises(Exception, match="すでに対応中"):
        services.inquiry_take(inquiry=an_inquiry, user=staff_a2)
    assert Case.objects.filter(inquiry=an_inquiry).count() == 1


@pytest.mark.django_db
def test_staff_without_a_second_factor_cannot_take_an_inquiry(
    staff_without_mfa, an_inquiry: Inquiry
) -> None:
    with pytest.raises(PermissionDenied):
        services.inquiry_take(inquiry=an_inquiry, user=staff_without_mfa)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_an_entry_is_logged_and_its_correction_keeps_both_versions(staff_a, case: Case) -> None:
    entry = services.entry_add(
        case=case, user=staff_a, kind=Entry.Kind.PHONE, summary="電話", detail="元気"
    )
    corrected = services.entry_correct(entry=entry, user=staff_a, detail="元気がない")

    entry.refresh_from_db()
    assert entry.superseded
    assert not corrected.superseded
    assert corrected.version_of == entry
    assert list(case.entries.current()) == [corrected]
    assert changes(corrected, "detail") == [("元気", "元気がない")]
    assert logged(staff_a, AccessLog.Action.CHANGE, case) == 2


@pytest.mark.django_db
def test_a_superseded_version_cannot_be_corrected_again(staff_a, case: Case) -> None:
    entry = services.entry_add(case=case, user=staff_a, kind=Entry.Kind.PHONE, summary="電話")
    services.entry_correct(entry=entry, user=staff_a, summary="電話（訂正）")

    with pytest.raises(Exception, match="すでに訂正されています"):
        services.entry_correct(entry=entry, user=staff_a, summary="二度目")


@pytest.mark.django_db
def test_a_status_change_records_old_and_new(staff_a, case: Case) -> None:
    services.case_change_status(
        case=case, user=staff_a, status=Case.Status.ASSESSMENT, note="面談を設定"
    )

    assert changes(case, "status")[-1] == ("received", "assessment")
    assert case.entries.filter(detail__isnull=False).count() == 1
    assert logged(staff_a, AccessLog.Action.CHANGE, case) == 1


@pytest.mark.django_db
def test_a_case_update_records_each_changed_field_only(staff_a, case: Case) -> None:
    services.case_update(case=case, user=staff_a, urgency=Case.Urgency.URGENT, channel="phone")

    assert changes(case, "urgency") == [("normal", "urgent")]
    assert changes(case, "channel") == []


@pytest.mark.django_db
def test_referrals_tasks_flags_and_consents_are_logged_with_their_history(
    staff_a, case: Case
) -> None:
    destination = ReferralDestinationFactory()
    consent = services.consent_record(
        person=case.person,
        user=staff_a,
        scope=Consent.Scope.NAMED_ORGANISATIONS,
        method=Consent.Method.ORAL,
        destinations=[destination],
    )
    referral = services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason="家計相談",
        basis="consent",
        shared_information="氏名と連絡先",
        consent=consent,
    )
    services.referral_update(referral=referral, user=staff_a, status=Referral.Status.ACCEPTED)
    task = services.task_add(case=case, user=staff_a, title="電話する", due_on=dt.date(2025, 7, 1))
    services.task_complete(task=task, user=staff_a, done_on=dt.date(2025, 7, 2))
    flag = services.flag_add(
        case=case, user=staff_a, kind=Flag.Kind.CONTACT_CAUTION, instructions="夜は不可"
    )
    services.flag_deactivate(flag=flag, user=staff_a)
    services.consent_withdraw(consent=consent, user=staff_a)

    assert changes(referral, "status") == [("", "sent"), ("sent", "accepted")]
    assert changes(referral, "shared_information") == [("", "氏名と連絡先")]
    assert changes(task, "done_on") == [("", "2025-07-02")]
    assert changes(flag, "active") == [("", "true"), ("true", "false")]
    assert changes(consent, "withdrawn_on")[-1][0] == ""
    assert logged(staff_a, AccessLog.Action.CHANGE, case) == 6
    assert AccessLog.objects.filter(person=case.person, case=None).count() == 2
    assert Task.objects.get(pk=task.pk).done_on == dt.date(2025, 7, 2)


@pytest.mark.django_db
def test_a_task_cannot_go_to_someone_outside_the_rule(staff_a, staff_b, case: Case) -> None:
    with pytest.raises(Exception, match="見られない職員"):
        services.task_add(
            case=case, user=staff_a, title="x", due_on=dt.date(2025, 7, 1), assignee=staff_b
        )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_b", "system_admin", "coordinator", "staff_without_mfa"])
def test_workflows_refuse_anyone_outside_the_rule(
    request: pytest.FixtureRequest, case: Case, persona: str
) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.entry_add(case=case, user=user, kind=Entry.Kind.PHONE, summary="x")
    with pytest.raises(PermissionDenied):
        services.case_change_status(case=case, user=user, status=Case.Status.ASSESSMENT)
    assert not case.entries.exists()
    assert not AccessLog.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_log_access_records_who_what_and_from_where(staff_a, case: Case, rf) -> None:
    request = rf.get("/staff/cases/", REMOTE_ADDR="198.51.100.4")
    services.access_log(
        user=staff_a, action=AccessLog.Action.SEARCH, detail="やまだ", request=request
    )
    services.access_log(user=staff_a, action=AccessLog.Action.VIEW, case=case, request=request)

    search = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert (search.user, search.detail, search.ip, search.case) == (
        staff_a,
        "やまだ",
        "198.51.100.4",
        None,
    )
    assert AccessLog.objects.filter(action="view", case=case, user=staff_a).count() == 1


@pytest.mark.django_db
def test_person_changes_record_old_and_new(staff_a, case: Case) -> None:
    services.person_update(person=case.person, user=staff_a, phone="090-0000-1111")

    person = Person.objects.get(pk=case.person.pk)
    assert changes(person, "phone")[-1][1] == "090-0000-1111"
    assert Person.objects.visible_to(staff_a).search(phone="09000001111").get() == person
