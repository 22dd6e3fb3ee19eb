"""Retention of consultation records: anonymise closed cases after CASE_RETENTION_YEARS.

What is kept (the statistical skeleton): the case number, dates, channel, who came, district,
categories, urgency, status and outcome, team and staff; entry kinds and dates; referral
destinations, bases, statuses and dates. What goes: the person's identity and contact details
(and the link from the case to them), every free text (main concern, entries and their
corrections, referral reasons and shared information, tasks, flags), the old and new values
in the change history, and the public inquiry the case came from.

A case with a referral younger than REFERRAL_KEEP_YEARS waits (the referral is the record of
a disclosure to a third party, which the law asks us to keep): it is postponed until the
referral is old enough. A person is anonymised once none of their cases still holds data.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from consultations.models import (
    Case,
    ChangeRecord,
    DisposalLog,
    Entry,
    Flag,
    HouseholdMember,
    Inquiry,
    IntakeCorrection,
    Person,
    Referral,
    Task,
)

REFERRAL_KEEP_YEARS = 3


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclasses.dataclass
class RetentionPlan:
    cutoff: dt.date
    referral_cutoff: dt.date
    due: list[int]  # case pks to anonymise now
    postponed: dict[int, dt.date]  # case pk -> until when
    persons: list[int]  # person pks to anonymise with them


def plan(*, today: dt.date | None = None, years: int | None = None) -> RetentionPlan:
    """What a run would do today. Reads only."""
    today = today or timezone.localdate()
    years = settings.CASE_RETENTION_YEARS if years is None else years
    cutoff = years_before(today, years)
    referral_cutoff = years_before(today, REFERRAL_KEEP_YEARS)
    candidates = (
        Case.objects.closed()
        .filter(closed_on__lt=cutoff, anonymised_at__isnull=True)
        .annotate(last_referral=Max("referrals__referred_on"))
        .values_list("pk", "last_referral", "person_id")
    )
    due, postponed, persons = [], {}, set()
    for pk, last_referral, person_id in candidates:
        if last_referral is not None and last_referral >= referral_cutoff:
            postponed[pk] = last_referral.replace(year=last_referral.year + REFERRAL_KEEP_YEARS)
            continue
        due.append(pk)
        if person_id is not None:
            persons.add(person_id)
    # A person still on a case that keeps its data (open, recent, postponed) stays as is.
    keeping = (
        Case.objects.filter(person__in=persons, anonymised_at__isnull=True)
        .exclude(pk__in=due)
        .values_list("person_id", flat=True)
    )
    persons -= set(keeping)
    return RetentionPlan(cutoff, referral_cutoff, sorted(due), postponed, sorted(persons))


def apply(retention: RetentionPlan, *, run_by: str = "") -> DisposalLog:
    """Anonymise what `retention` lists, in one transaction, and record it."""
    now = timezone.now()
    with transaction.atomic():
        cases = list(Case.objects.select_for_update().filter(pk__in=retention.due))
        for case in cases:
            _anonymise_case(case, now)
        for person in Person.objects.select_for_update().filter(pk__in=retention.persons):
            _anonymise_person(person, now)
        for pk, until in retention.postponed.items():
            case = Case.objects.select_for_update().get(pk=pk)
            case.retention_postponed_until = until
            case.save(update_fields=["retention_postponed_until"])
        return DisposalLog.objects.create(
            run_by=run_by,
            cutoff=retention.cutoff,
            cases_anonymised=len(cases),
            persons_anonymised=len(retention.persons),
            cases_postponed=len(retention.postponed),
            case_numbers="\n".join(sorted(case.number for case in cases)),
        )


def _anonymise_case(case: Case, now: dt.datetime) -> None:
    # The only bulk writes on case data (ProtectedQuerySet._sanctioned_update): the rows stay,
    # their text goes.
    Entry.objects.filter(case=case)._sanctioned_update(summary="", detail="")
    Referral.objects.filter(case=case)._sanctioned_update(
        reason="", shared_information="", outcome=""
    )
    Task.objects.filter(case=case)._sanctioned_update(title="")
    Flag.objects.filter(case=case)._sanctioned_update(instructions="")
    HouseholdMember.objects.filter(case=case)._sanctioned_update(name="", notes="")
    IntakeCorrection.objects.filter(case=case)._sanctioned_update(reason="", summary="")
    ChangeRecord.objects.filter(case=case)._sanctioned_update(old="", new="")
    if case.inquiry_id:
        Inquiry.objects.filter(pk=case.inquiry_id).update(
            name="", phone="", email="", message="", sender_key=""
        )
    case.main_concern = ""
    case.person = None
    case.anonymised_at = now
    case.retention_postponed_until = None
    case.save(
        update_fields=["main_concern", "person", "anonymised_at", "retention_postponed_until"]
    )


def _anonymise_person(person: Person, now: dt.datetime) -> None:
    for field in ("name", "kana", "address", "phone", "email", "notes"):
        setattr(person, field, "")
    person.birth_date = None
    person.anonymised_at = now
    person.save()
    ChangeRecord.objects.filter(
        Q(model="consultations.person", object_id=str(person.pk))
    )._sanctioned_update(old="", new="")
