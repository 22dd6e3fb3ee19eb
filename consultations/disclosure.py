"""「本人に関して保有している情報のすべて」: the document for a disclosure request (APPI art. 33).

`build(person, user)` gathers what the council holds on one person, for a supervisor
(`can_disclose` below) to print or hand over; the workspace renders it
(templates/staff/person_disclosure.html). The view logs the export.

It covers the cases the supervisor may see under the visibility rule (a person with a
restricted case in another team needs that team's supervisor too; the document says how many
cases it covers, never how many it leaves out).

The dictionary:
- "person": the Person
- "household": [{"relationship": label, "other": Person}] both directions
- "consents": [Consent] with `destinations` prefetched, withdrawn ones included
- "cases": [{"case", "categories", "entries" (every version, corrections and the versions
  they replaced, oldest first), "referrals", "tasks", "flags", "access_log"}]
- "disclosure_records": [Referral] that shared information with a third party, with basis
- "access_log": [AccessLog] on the person (person-level rows: searches that found them are not
  linked to a person and are not included)
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q

from accounts.models import User
from consultations import permissions
from consultations.models import (
    AccessLog,
    Case,
    Consent,
    Entry,
    HouseholdLink,
    IntakeCorrection,
    Person,
    Referral,
)


def can_disclose(user: User | AnonymousUser, person: Person) -> bool:
    """ "Everything we hold on this person": a supervisor who may see one of their cases."""
    if not permissions.can_export(user):
        return False
    return Case.objects.visible_to(user).filter(person=person).exists()


def can_disclose_person_of(user: User | AnonymousUser, case: Case) -> bool:
    """can_disclose for the person of a case that was found through visible_to (the case
    page): that case is the visible one, so only the export right is left to check."""
    return case.person_id is not None and permissions.can_export(user)


def build(person: Person, user: User) -> dict[str, Any]:
    if not can_disclose(user, person):
        raise PermissionDenied
    cases = list(
        Case.objects.visible_to(user)
        .filter(person=person)
        .select_related("team", "district", "primary_staff", "secondary_staff")
        .prefetch_related(
            "categories",
            Prefetch(
                "entries",
                queryset=Entry.objects.select_related("staff").order_by("occurred_on", "pk"),
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("destination", "consent").order_by(
                    "referred_on", "pk"
                ),
            ),
            "tasks",
            "flags",
            "household_members",
            Prefetch("corrections", queryset=IntakeCorrection.objects.select_related("user")),
            Prefetch(
                "access_log", queryset=AccessLog.objects.select_related("user").order_by("at")
            ),
        )
        .order_by("received_on", "pk")
    )
    household = [
        {"relationship": link.get_relationship_display(), "other": link.other}
        for link in HouseholdLink.objects.filter(person=person).select_related("other")
    ] + [
        {"relationship": link.get_relationship_display(), "other": link.person, "reverse": True}
        for link in HouseholdLink.objects.filter(other=person).select_related("person")
    ]
    consents = list(
        Consent.objects.filter(person=person)
        .select_related("recorded_by", "withdrawn_recorded_by")
        .prefetch_related("destinations")
        .order_by("given_on", "pk")
    )
    case_sections = [
        {
            "case": case,
            "categories": list(case.categories.all()),
            "entries": list(case.entries.all()),
            "referrals": list(case.referrals.all()),
            "tasks": list(case.tasks.all()),
            "flags": list(case.flags.all()),
            "household_members": list(case.household_members.all()),
            "corrections": list(case.corrections.all()),
            "access_log": list(case.access_log.all()),
        }
        for case in cases
    ]
    disclosures = [
        referral
        for section in case_sections
        for referral in section["referrals"]
        if referral.shared_information.strip()
    ]
    person_log = list(
        AccessLog.objects.filter(Q(person=person), case__isnull=True)
        .select_related("user")
        .order_by("at")
    )
    return {
        "person": person,
        "household": household,
        "consents": consents,
        "cases": case_sections,
        "case_count": len(case_sections),
        "disclosure_records": disclosures,
        "access_log": person_log,
    }
