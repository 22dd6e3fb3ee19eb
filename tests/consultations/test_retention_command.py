"""apply_retention: the dry run changes nothing; the real run leaves no personal data and
keeps the statistical skeleton; a referral younger than three years keeps its case intact."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.models import (
    Case,
    Category,
    ChangeRecord,
    Consent,
    DisposalLog,
    Entry,
    Inquiry,
    Referral,
)
from networks.models import District
from tests.consultations.factories import CaseFactory, PersonFactory, ReferralDestinationFactory

OLD_PERSON = {
    "name": "廃棄 対象子",
    "kana": "はいき たいしょうこ",
    "phone": "03-7777-8888",
    "email": "haiki@example.jp",
    "address": "練馬区消去町9-9",
    "notes": "母の介護で離職した。",
}
OLD_TEXTS = [
    "息子がひきこもっている",
    "八年前の面談記録",
    "訂正された面談記録",
    "就労支援の依頼",
    "氏名と病歴",
    "毎週電話する",
    "夜間の訪問は不可",
    "匿名の相談内容テキスト",
]


def raw_dump() -> str:
    tables = [m._meta.db_table for m in apps.get_app_config("consultations").get_models()]
    dump = []
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 (model tables)
            dump.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(dump)


def decrypted_text() -> str:
    """Every text value of every consultations model, as the application reads it."""
    values = []
    for model in apps.get_app_config("consultations").get_models():
        fields = [f.name for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields):
            values.extend(str(v) for v in row if v is not None)
    return "\n".join(values)


@pytest.fixture
def old_case(staff_a, an_inquiry) -> Case:
    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 8)
    person = PersonFactory(**OLD_PERSON, birth_date=dt.date(1970, 1, 2))
    case = CaseFactory(
        person=person,
        primary_staff=staff_a,
        received_on=long_ago,
        main_concern=OLD_TEXTS[0],
        district=District.objects.get(slug="oizumi"),
        categories=[Category.objects.get(slug="8050")],
        channel=Case.Channel.VISIT,
        inquiry=an_inquiry,
    )
    entry = services.entry_add(
        case=case,
        user=staff_a,
        kind=Entry.Kind.MEETING,
        summary="面談",
        detail=OLD_TEXTS[1],
        occurred_on=long_ago,
    )
    services.entry_correct(entry=entry, user=staff_a, detail=OLD_TEXTS[2])
    destination = ReferralDestinationFactory()
    consent = services.consent_record(
        person=person,
        user=staff_a,
        scope=Consent.Scope.NAMED_ORGANISATIONS,
        method=Consent.Method.WRITTEN,
        destinations=[destination],
        given_on=long_ago,
    )
    services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason=OLD_TEXTS[3],
        basis="consent",
        consent=consent,
        shared_information=OLD_TEXTS[4],
        referred_on=long_ago,
    )
    services.task_add(case=case, user=staff_a, title=OLD_TEXTS[5], due_on=long_ago)
    services.flag_add(case=case, user=staff_a, kind="contact_caution", instructions=OLD_TEXTS[6])
    services.person_update(person=person, user=staff_a, notes=OLD_PERSON["notes"] + "追記")
    services.case_change_status(case=case, user=staff_a, status=Case.Status.INFO_ONLY)
    # Closed long ago (the service dates closures today).
    Case.objects.filter(pk=case.pk)._sanctioned_update(closed_on=long_ago)
    return case


@pytest.fixture
def recent_case(staff_a) -> Case:
    return CaseFactory(
        primary_staff=staff_a,
        main_concern="最近の相談",
        status=Case.Status.CLOSED,
        closed_on=timezone.localdate(),
    )


@pytest.mark.django_db
def test_the_dry_run_lists_counts_and_changes_nothing(old_case, recent_case, capsys) -> None:
    before = raw_dump()

    call_command("apply_retention")

    assert raw_dump() == before
    output = capsys.readouterr().out
    assert "匿名化の対象：1件（本人 1人）" in output
    assert "何も変更していません" in output
    assert not DisposalLog.objects.exists()


@pytest.mark.django_db
def test_the_real_run_leaves_no_personal_data_and_keeps_the_skeleton(
    old_case, recent_case, an_inquiry
) -> None:
    searched = [
        *OLD_PERSON.values(),
        "0377778888",
        "1970-01-02",
        *OLD_TEXTS,
        an_inquiry.name,
        an_inquiry.phone,
        an_inquiry.email,
        an_inquiry.message,
    ]

    call_command("apply_retention", "--confirm", verbosity=0)

    everything = raw_dump() + decrypted_text()
    for text in searched:
        assert text not in everything, text
    case = Case.objects.get(pk=old_case.pk)
    assert case.anonymised_at is not None
    assert (case.number, case.received_on, case.channel, case.status, case.outcome) == (
        old_case.number,
        old_case.received_on,
        "visit",
        "info_only",
        "information",
    )
    assert case.district.slug == "oizumi"
    assert list(case.categories.values_list("slug", flat=True)) == ["8050"]
    assert case.entries.count() == 2  # both versions kept, their text gone
    assert case.referrals.get().destination_id is not None
    assert Case.objects.get(pk=recent_case.pk).main_concern == "最近の相談"
    log = DisposalLog.objects.get()
    assert (log.cases_anonymised, log.persons_anonymised, log.case_numbers) == (1, 1, case.number)
    assert Inquiry.objects.get(pk=an_inquiry.pk).message == ""


@pytest.mark.django_db
def test_a_case_with_a_recent_referral_waits_intact(staff_a, old_case) -> None:
    Referral.objects.filter(case=old_case)._sanctioned_update(referred_on=timezone.localdate())

    call_command("apply_retention", "--confirm", verbosity=0)

    case = Case.objects.get(pk=old_case.pk)
    assert case.anonymised_at is None
    assert case.main_concern == OLD_TEXTS[0]
    assert case.person.name == OLD_PERSON["name"]
    assert case.retention_postponed_until is not None
    assert DisposalLog.objects.get().cases_postponed == 1


@pytest.mark.django_db
def test_a_person_with_a_case_still_open_keeps_their_data(staff_a, old_case) -> None:
    CaseFactory(person=old_case.person, primary_staff=staff_a)

    call_command("apply_retention", "--confirm", verbosity=0)

    assert Case.objects.get(pk=old_case.pk).person is None
    old_case.person.refresh_from_db()
    assert old_case.person.name == OLD_PERSON["name"]


@pytest.mark.django_db
def test_the_audit_chain_still_verifies_after_the_real_run(old_case) -> None:
    call_command("apply_retention", "--confirm", stdout=io.StringIO())
    assert not ChangeRecord.objects.filter(case=old_case).exclude(old="", new="").exists()
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "OK changerecord" in out.getvalue()
