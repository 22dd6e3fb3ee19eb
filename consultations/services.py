"""Workflows of the consultations app: receiving an inquiry from the public form, and the
consultation record (intake, progress entries, referrals, follow-ups, status changes)."""

import datetime as dt
import ipaddress
import json
import logging
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from accounts.models import User
from consultations import audit, permissions
from consultations.models import (
    AccessLog,
    Case,
    CaseCounter,
    Category,
    Consent,
    Entry,
    Flag,
    HouseholdLink,
    HouseholdMember,
    Inquiry,
    IntakeCorrection,
    Person,
    Referral,
    ReferralDestination,
    Task,
    Team,
    derive_household_type,
    new_reference,
)
from core import emails
from core.fiscal_year import fiscal_year_of
from core.http import client_ip
from core.links import site_url
from core.locks import LockNotAcquiredError, shared_lock
from networks.models import District

logger = logging.getLogger(__name__)

_REFERENCE_ATTEMPTS = 5


class InquiryRateLimitedError(Exception):
    """Too many inquiries from one sender lately; nothing was stored."""

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


def sender_key_for(ip: str) -> str:
    """A keyed hash of the sender's address: counts repeat senders without storing addresses.

    An IPv6 host usually holds a whole /64, so IPv6 senders are counted per /64.
    """
    value = ip
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        value = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return salted_hmac("consultations.inquiry.sender", value, algorithm="sha256").hexdigest()


def inquiry_submit(
    *,
    name: str,
    contact_method: str,
    phone: str,
    email: str,
    district: District | None,
    topic: str,
    message: str,
    sender_ip: str,
    writer: str = "",
    about_relationship: str = "",
) -> Inquiry:
    """Store an inquiry from the public form and, once it is committed, tell the staff.

    Raises InquiryRateLimitedError (storing nothing) when the sender has already sent
    INQUIRY_RATE_LIMIT inquiries within INQUIRY_RATE_WINDOW. A failing e-mail never undoes
    or hides the stored inquiry: it is logged, and the inquiry waits in the admin.
    """
    sender_key = sender_key_for(sender_ip)
    # Counting this sender's inquiries and storing one more must not interleave between
    # workers (two at once would both see room for one): one at a time per sender, fleet-wide.
    try:
        with shared_lock(f"inquiry-rate:{sender_key}"):
            return _store_inquiry(
                name=name,
                contact_method=contact_method,
                phone=phone,
                email=email,
                district=district,
                topic=topic,
                message=message,
                writer=writer,
                about_relationship=about_relationship,
                sender_key=sender_key,
            )
    except LockNotAcquiredError:
        raise InquiryRateLimitedError(retry_after=10) from None


def _store_inquiry(*, sender_key: str, **fields: Any) -> Inquiry:
    now = timezone.now()
    with transaction.atomic():
        _check_rate(sender_key=sender_key, now=now)
        inquiry = _create_with_unique_reference(**fields, consented_at=now, sender_key=sender_key)
        transaction.on_commit(partial(inquiry_notify_staff, inquiry=inquiry))
    return inquiry


def _check_rate(*, sender_key: str, now: dt.datetime) -> None:
    limit, window = settings.INQUIRY_RATE_LIMIT, settings.INQUIRY_RATE_WINDOW
    sent = list(
        Inquiry.objects.sent_since(now - window, sender_key=sender_key)
        .order_by("received_at")
        .values_list("received_at", flat=True)
    )
    if len(sent) >= limit:
        # The sender may send again once enough of these have left the window.
        frees_at = sent[len(sent) - limit] + window
        raise InquiryRateLimitedError(
            retry_after=max(1, math.ceil((frees_at - now).total_seconds()))
        )


def _create_with_unique_reference(**fields: object) -> Inquiry:
    for _attempt in range(_REFERENCE_ATTEMPTS):
        inquiry = Inquiry(reference=new_reference(), **fields)
        try:
            with transaction.atomic():  # a savepoint: a clash must not spoil the outer block
                inquiry.save(force_insert=True)
        except IntegrityError:
            if not Inquiry.objects.filter(reference=inquiry.reference).exists():
                raise
            continue
        return inquiry
    raise IntegrityError("no free inquiry reference after several attempts")


def inquiry_notify_staff(*, inquiry: Inquiry) -> bool:
    """E-mail INQUIRY_NOTIFY_EMAILS that an inquiry arrived; True when the mail went out.

    The mail says only that an inquiry arrived, its reference and where to read it. No name,
    contact, district, topic or message: e-mail passes through servers outside the council's
    control and sits in inboxes and phones; the topic alone (障害, 子ども…) is sensitive too,
    and staff must sign in to act anyway. Failures are logged (with the reference only).
    """
    recipients = settings.INQUIRY_NOTIFY_EMAILS
    if not recipients:
        logger.warning("Inquiry %s arrived; INQUIRY_NOTIFY_EMAILS is empty", inquiry.reference)
        return False
    admin_path = reverse("admin:consultations_inquiry_change", args=[inquiry.pk])
    context = {
        "reference": inquiry.reference,
        "received_at": inquiry.received_at,
        "admin_url": site_url(admin_path),
        "waiting": Inquiry.objects.filter(status=Inquiry.Status.NEW).count(),
    }
    try:
        emails.send("inquiry_received", context, to=recipients)
    except Exception:
        logger.exception("Could not e-mail staff about inquiry %s", inquiry.reference)
        return False
    return True


# =============================================================================================
# The consultation record: intake, progress, referrals, follow-ups, status
# =============================================================================================
#
# Every workflow: checks permission through consultations.permissions (PermissionDenied
# otherwise), validates with Japanese messages (ValidationError), and writes its AccessLog and
# ChangeRecord rows in the same transaction as the change itself.

# Which category an inquiry's topic starts as (staff adjust it at intake).
TOPIC_CATEGORY: dict[str, str] = {
    Inquiry.Topic.LIVING: "hardship",
    Inquiry.Topic.CARE: "elderly",
    Inquiry.Topic.DISABILITY: "disability",
    Inquiry.Topic.CHILDREN: "children",
    Inquiry.Topic.ISOLATION: "isolation",
    Inquiry.Topic.NEIGHBOURHOOD: "other",
    Inquiry.Topic.OTHER: "other",
}


def _refuse() -> NoReturn:
    raise PermissionDenied(gettext("この操作をする権限がありません。"))


def _require(allowed: bool) -> None:
    if not allowed:
        _refuse()


def _require_change(user: User, case: Case) -> None:
    _require(permissions.can_change_case(user, case))


def access_log(
    *,
    user: User | None,
    action: str,
    case: Case | None = None,
    person: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AccessLog:
    """Record that `user` did `action` (AccessLog.Action) on case data, and from where: a view,
    a search (its terms in `detail`), a change, an export or a download. The workflows below
    call it inside their transaction; views and the admin call it for what they show."""
    ip = client_ip(request) if request is not None else ""
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        case=case,
        person=person,
        detail=detail[:2000],
        ip=ip or None,
    )


_Tracked = TypeVar("_Tracked", bound=models.Model)


@contextmanager
def _changing(
    record: _Tracked,
    fields: Iterable[str],
    *,
    user: User,
    case: Case | None,
    person: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> Iterator[_Tracked]:
    """One change to one record, in one transaction: lock its row, hand the locked copy to the
    caller to change and save, then write what changed in `fields` to the change history and
    the change to the access log.

    The order is the audit chain's rule (consultations/audit_chain.py): every row lock a
    workflow takes comes before its first audit write, which holds the chains' lock until
    commit; a row locked after it could deadlock against a writer waiting for the chains."""
    fields = tuple(fields)
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        before = audit.snapshot(locked, fields)
        yield locked
        audit.record_changes(user, locked, before, audit.snapshot(locked, fields), case=case)
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=case,
            person=person,
            detail=detail,
            request=request,
        )


# --- Persons ------------------------------


def person_create(*, user: User, request: HttpRequest | None = None, **fields: Any) -> Person:
    _require(permissions.has_case_access(user))
    unknown = set(fields) - set(Person.TRACKED_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        person = Person(created_by=user, **fields)
        person.full_clean()
        person.save()
        audit.record_creation(user, person, Person.TRACKED_FIELDS, case=None)
        access_log(
            user=user, action=AccessLog.Action.CREATE, case=None, person=person, request=request
        )
    return person


def person_update(
    *, person: Person, user: User, request: HttpRequest | None = None, **fields: Any
) -> Person:
    _require(
        permissions.has_case_access(user)
        and Person.objects.visible_to(user).filter(pk=person.pk).exists()
    )
    unknown = set(fields) - set(Person.TRACKED_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    with _changing(person, fields, user=user, case=None, person=person, request=request) as person:
        for name, value in fields.items():
            setattr(person, name, value)
        person.full_clean()
        person.save(update_fields=list(fields))
    return person


def household_link_add(
    *,
    person: Person,
    other: Person,
    relationship: str,
    user: User,
    request: HttpRequest | None = None,
) -> HouseholdLink:
    visible = Person.objects.visible_to(user)
    _require(visible.filter(pk=person.pk).exists() and visible.filter(pk=other.pk).exists())
    if person.pk == other.pk:
        raise ValidationError(gettext("同じ人どうしを世帯員として結ぶことはできません。"))
    with transaction.atomic():
        link = HouseholdLink(person=person, other=other, relationship=relationship, created_by=user)
        link.full_clean()
        link.save()
        audit.record_creation(user, link, ("person", "other", "relationship"), case=None)
        access_log(
            user=user, action=AccessLog.Action.CHANGE, case=None, person=person, request=request
        )
    return link


# --- Consent ------------------------------


def consent_record(
    *,
    person: Person,
    user: User,
    scope: str,
    method: str,
    given_on: dt.date | None = None,
    destinations: Iterable[ReferralDestination] = (),
    request: HttpRequest | None = None,
) -> Consent:
    _require(Person.objects.visible_to(user).filter(pk=person.pk).exists())
    destinations = list(destinations)
    if scope == Consent.Scope.NAMED_ORGANISATIONS and not destinations:
        raise ValidationError(
            {"destinations": gettext("共有してよい機関を1つ以上選んでください。")}
        )
    with transaction.atomic():
        consent = Consent(
            person=person,
            scope=scope,
            method=method,
            recorded_by=user,
            given_on=given_on or timezone.localdate(),
        )
        consent.full_clean(exclude=["destinations"])
        consent.save()
        consent.destinations.set(destinations)
        audit.record_creation(user, consent, ("scope", "method", "given_on"), case=None)
        audit.record_changes(
            user, consent, {}, {"destinations": audit.as_text(destinations)}, case=None
        )
        access_log(
            user=user, action=AccessLog.Action.CHANGE, case=None, person=person, request=request
        )
    return consent


def consent_withdraw(
    *, consent: Consent, user: User, on: dt.date | None = None, request: HttpRequest | None = None
) -> Consent:
    """Withdrawal is a new state of the consent (date and who recorded it), never a deletion."""
    _require(Person.objects.visible_to(user).filter(pk=consent.person_id).exists())
    fields = ("withdrawn_on", "withdrawn_recorded_by")
    with _changing(
        consent, fields, user=user, case=None, person=consent.person, request=request
    ) as consent:
        if consent.withdrawn_on is not None:
            raise ValidationError(gettext("この同意はすでに撤回されています。"))
        consent.withdrawn_on = on or timezone.localdate()
        consent.withdrawn_recorded_by = user
        consent.save(update_fields=list(fields))
    return consent


# --- Intake ------------------------------


def case_create(
    *,
    user: User,
    team: Team,
    channel: str,
    came_from: str,
    received_on: dt.date | None = None,
    district: District | None = None,
    categories: Iterable[Category] = (),
    main_concern: str = "",
    urgency: str = Case.Urgency.NORMAL,
    confidentiality: str = Case.Confidentiality.NORMAL,
    primary_staff: User | None = None,
    secondary_staff: User | None = None,
    person: Person | None = None,
    person_fields: dict[str, Any] | None = None,
    household: Iterable[dict[str, Any]] = (),
    household_type: str | None = "",
    inquiry: Inquiry | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Record an intake: a new case (number from the fiscal year's counter), with an
    existing person, a new one (`person_fields`) or none (anonymous), and the household
    around them (`household`: HouseholdMember.TRACKED_FIELDS values per member).
    `household_type=None` derives the type from 本人 and the members (derive_household_type)."""
    _require(permissions.can_create_case(user) and team.pk in permissions.team_roles(user))
    if person is not None and person_fields:
        raise ValueError("give either an existing person or the fields of a new one")
    categories = list(categories)
    if not categories:
        raise ValidationError({"categories": gettext("相談分類を1つ以上選んでください。")})
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        # The number first: the counter's lock is taken before the audit chain's (which the
        # first audit row takes, consultations/audit_chain.py), in every intake the same way.
        number = CaseCounter.next_number(fiscal_year_of(received_on))
        if person is not None:
            _require(Person.objects.visible_to(user).filter(pk=person.pk).exists())
        elif person_fields and any(person_fields.values()):
            person = person_create(user=user, request=request, **person_fields)
        case = Case(
            number=number,
            received_on=received_on,
            channel=channel,
            came_from=came_from,
            district=district,
            main_concern=main_concern,
            urgency=urgency,
            confidentiality=confidentiality,
            primary_staff=primary_staff or user,
            secondary_staff=secondary_staff,
            team=team,
            person=person,
            inquiry=inquiry,
            created_by=user,
        )
        members = [HouseholdMember(created_by=user, **values) for values in household]
        case.household_type = (
            household_type
            if household_type is not None
            else derive_household_type(_age_band_of(person), members)
        )
        case.full_clean(exclude=["categories"])
        case.save()
        case.categories.set(categories)
        audit.record_creation(user, case, Case.TRACKED_FIELDS, case=case)
        audit.record_changes(user, case, {}, {"categories": audit.as_text(categories)}, case=case)
        for member in members:
            _household_member_insert(member, case=case, user=user)
        access_log(
            user=user, action=AccessLog.Action.CREATE, case=case, person=person, request=request
        )
    return case


def inquiry_take(
    *,
    inquiry: Inquiry,
    user: User,
    team: Team | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Case:
    """Open a case from an inquiry of the triage queue: the message as the main concern, who
    wrote as the case's 相談者 (不明 when they did not say); the inquiry is marked taken.

    When the person wrote themselves (or did not say), the name and contact they gave become
    本人 (none if anonymous). When a family member wrote, 本人 is left for staff to record and
    the writer joins the household: their relationship seen from 本人 (a sibling stays a
    sibling, a child writing about a parent is that parent's child), living apart until
    staff know better, the key person, with their name and contact. Other writers (民生委員,
    another agency, a neighbour) are not household; their contact stays on the inquiry,
    which the case links to. `fields` override case_create's defaults."""
    _require(permissions.can_change_inquiries(user) and permissions.can_create_case(user))
    roles = permissions.team_roles(user)
    if team is None:
        team = Team.objects.filter(pk__in=list(roles)).order_by("order", "pk").first()
        if team is None:
            _refuse()
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if inquiry.status != Inquiry.Status.NEW or Case.objects.filter(inquiry=inquiry).exists():
            raise ValidationError(gettext("この申込みはすでに対応中です（ケースがあります）。"))
        person_fields = fields.pop("person_fields", None)
        writes_for_self = inquiry.writer in ("", Inquiry.Writer.SELF)
        if (
            writes_for_self
            and person_fields is None
            and fields.get("person") is None
            and inquiry.name
        ):
            person_fields = {"name": inquiry.name, "phone": inquiry.phone, "email": inquiry.email}
        if inquiry.writer == Inquiry.Writer.FAMILY:
            fields.setdefault("household", [_writer_as_member(inquiry)])
            fields.setdefault("household_type", None)
        fields.setdefault("channel", Case.Channel.WEB)
        fields.setdefault("came_from", inquiry.writer or Case.CameFrom.UNKNOWN)
        fields.setdefault("district", inquiry.district)
        fields.setdefault("main_concern", inquiry.message)
        fields.setdefault("received_on", timezone.localdate(inquiry.received_at))
        fields.setdefault(
            "categories", Category.objects.filter(slug=TOPIC_CATEGORY.get(inquiry.topic, "other"))
        )
        case = case_create(
            user=user,
            team=team,
            inquiry=inquiry,
            person_fields=person_fields,
            request=request,
            **fields,
        )
        before = audit.snapshot(inquiry, ("status",))
        inquiry.status = Inquiry.Status.TAKEN
        inquiry.save(update_fields=["status"])
        audit.record_changes(user, inquiry, before, audit.snapshot(inquiry, ("status",)), case=case)
    return case


# 本人 seen from the writer → the writer seen from 本人 (HouseholdMember.relationship).
_WRITER_SEEN_FROM_PERSON: dict[str, str] = {
    Inquiry.AboutRelationship.PARENT: HouseholdLink.Relationship.CHILD,
    Inquiry.AboutRelationship.CHILD: HouseholdLink.Relationship.PARENT,
    Inquiry.AboutRelationship.SPOUSE: HouseholdLink.Relationship.SPOUSE,
    Inquiry.AboutRelationship.SIBLING: HouseholdLink.Relationship.SIBLING,
    Inquiry.AboutRelationship.GRANDPARENT: HouseholdLink.Relationship.GRANDCHILD,
    Inquiry.AboutRelationship.GRANDCHILD: HouseholdLink.Relationship.GRANDPARENT,
    Inquiry.AboutRelationship.RELATIVE: HouseholdLink.Relationship.OTHER_RELATIVE,
}


def _writer_as_member(inquiry: Inquiry) -> dict[str, Any]:
    contact = "、".join(
        part
        for part in (
            gettext("電話：%(phone)s") % {"phone": inquiry.phone} if inquiry.phone else "",
            gettext("メール：%(email)s") % {"email": inquiry.email} if inquiry.email else "",
        )
        if part
    )
    notes = gettext("Webの申込み（%(reference)s）を送った方。同居かどうかは未確認。") % {
        "reference": inquiry.reference
    }
    return {
        "relationship": _WRITER_SEEN_FROM_PERSON.get(
            inquiry.about_relationship, HouseholdLink.Relationship.OTHER_RELATIVE
        ),
        "lives_together": False,
        "is_key_person": True,
        "name": inquiry.name,
        "notes": f"{notes}{contact}",
    }


def _age_band_of(person: Person | None) -> str:
    """本人's age band: the one recorded, or from the birth date."""
    if person is None:
        return ""
    if person.age_band or person.birth_date is None:
        return person.age_band
    today = timezone.localdate()
    born = person.birth_date
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 20:
        return Person.AgeBand.UNDER_20
    if age >= 80:
        return Person.AgeBand.EIGHTIES_PLUS
    return f"{age // 10 * 10}s"


def _household_member_insert(member: HouseholdMember, *, case: Case, user: User) -> None:
    member.case = case
    member.created_by = user
    member.full_clean()
    member.save()
    audit.record_creation(user, member, HouseholdMember.TRACKED_FIELDS, case=case)


# --- Correcting an intake ------------------------------

INTAKE_FIELDS = ("channel", "came_from", "district", "main_concern", "household_type")


def _display(case: Case, field: str) -> str:
    """A case field's value as a person reads it (labels, names), for the correction summary."""
    value = getattr(case, field)
    if field == "district":
        return value.name if value is not None else ""
    if field == "main_concern":
        return str(value)
    return str(getattr(case, f"get_{field}_display")())


def case_correct_intake(
    *,
    case: Case,
    user: User,
    reason: str,
    categories: Iterable[Category] | None = None,
    household: Iterable[dict[str, Any]] = (),
    request: HttpRequest | None = None,
    **fields: Any,
) -> IntakeCorrection:
    """Correct what was taken down at intake (INTAKE_FIELDS, the categories, the household).

    Only permissions.can_correct_intake (a supervisor, or the 主担当 within a day); a reason
    is required, and a correction that changes nothing is refused. Every changed value goes to
    the change history (old and new, who, when) and the correction itself, with its reason and
    a readable summary, to IntakeCorrection; the access log records it.

    `household` lists rows: {"member": an existing HouseholdMember of this case or None,
    "remove": bool, **HouseholdMember.TRACKED_FIELDS values}. `household_type=None` derives
    the type from 本人 and the members after the correction.
    """
    _require(permissions.can_correct_intake(user, case))
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"these fields are not part of the intake: {sorted(unknown)}")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("訂正の理由を書いてください。")})
    derive = "household_type" in fields and fields["household_type"] is None
    if derive:
        fields.pop("household_type")
    summary: list[dict[str, str]] = []
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = audit.snapshot(case, fields)
        labels_before = {name: _display(case, name) for name in fields}
        for name, value in fields.items():
            setattr(case, name, value)
        # Household rows
        current = {member.pk: member for member in case.household_members.current()}
        for row in household:
            row = dict(row)
            member, remove = row.pop("member", None), row.pop("remove", False)
            if member is not None and member.pk not in current:
                _refuse()  # someone else's member, or one already removed
            if member is None:
                if remove:
                    continue
                new = HouseholdMember(**row)
                _household_member_insert(new, case=case, user=user)
                current[new.pk] = new
                summary.append({"field": gettext("世帯員を追加"), "old": "", "new": new.describe()})
                continue
            if remove:
                old_text = member.describe()
                member.removed_at = timezone.now()
                member.save(update_fields=["removed_at"])
                audit.record_changes(
                    user, member, {}, audit.snapshot(member, ("removed_at",)), case=case
                )
                del current[member.pk]
                summary.append({"field": gettext("世帯員を外す"), "old": old_text, "new": ""})
                continue
            member_before = audit.snapshot(member, row)
            old_text = {name: _member_display(member, name) for name in row}
            for name, value in row.items():
                setattr(member, name, value)
            member.full_clean()
            changed = [
                name
                for name, value in audit.snapshot(member, row).items()
                if value != member_before[name]
            ]
            if changed:
                member.save(update_fields=changed)
                audit.record_changes(
                    user, member, member_before, audit.snapshot(member, row), case=case
                )
                for name in changed:
                    summary.append(
                        {
                            "field": gettext("世帯員%(member)sの%(field)s")
                            % {
                                "member": member.get_relationship_display(),
                                "field": _label(HouseholdMember, name),
                            },
                            "old": old_text[name],
                            "new": _member_display(member, name),
                        }
                    )
        if derive:
            before["household_type"] = audit.field_value(case, "household_type")
            labels_before["household_type"] = _display(case, "household_type")
            case.household_type = derive_household_type(_age_band_of(case.person), current.values())
            fields["household_type"] = case.household_type
        case.full_clean(exclude=["categories"])
        after = audit.snapshot(case, fields)
        changed_fields = [name for name in fields if after[name] != before[name]]
        if changed_fields:
            case.save(update_fields=[*changed_fields, "updated_at"])
            audit.record_changes(user, case, before, after, case=case)
            for name in changed_fields:
                summary.append(
                    {
                        "field": _label(Case, name),
                        "old": labels_before[name],
                        "new": _display(case, name),
                    }
                )
        if categories is not None:
            categories = list(categories)
            if not categories:
                raise ValidationError({"categories": gettext("相談分類を1つ以上選んでください。")})
            old_categories = list(case.categories.all())
            if {c.pk for c in old_categories} != {c.pk for c in categories}:
                case.categories.set(categories)
                audit.record_changes(
                    user,
                    case,
                    {"categories": audit.as_text(old_categories)},
                    {"categories": audit.as_text(categories)},
                    case=case,
                )
                summary.append(
                    {
                        "field": _label(Case, "categories"),
                        "old": "、".join(c.name for c in old_categories),
                        "new": "、".join(c.name for c in categories),
                    }
                )
        if not summary:
            raise ValidationError(
                gettext("訂正する項目がありません。変えたい内容を直してください。")
            )
        correction = IntakeCorrection(
            case=case, user=user, reason=reason, summary=json.dumps(summary, ensure_ascii=False)
        )
        correction.save()
        audit.record_creation(user, correction, ("reason",), case=case)
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=case,
            request=request,
            detail="intake:correct",
        )
    return correction


def _label(model: type[models.Model], name: str) -> str:
    """A field's verbose name, as the correction summary names it."""
    field = model._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def _member_display(member: HouseholdMember, field: str) -> str:
    value = getattr(member, field)
    if isinstance(value, bool):
        return gettext("はい") if value else gettext("いいえ")
    if field in ("relationship", "age_band"):
        return str(getattr(member, f"get_{field}_display")())
    return str(value)


def case_update(
    *, case: Case, user: User, request: HttpRequest | None = None, **fields: Any
) -> Case:
    """Change the case's details (not its status: case_change_status keeps the path)."""
    _require_change(user, case)
    categories = fields.pop("categories", None)
    allowed = set(Case.TRACKED_FIELDS) - {"status", "closed_on", "outcome"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"these case fields are not changed here: {sorted(unknown)}")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = audit.snapshot(case, fields)
        for name, value in fields.items():
            setattr(case, name, value)
        case.full_clean(exclude=["categories"])
        case.save(update_fields=[*fields, "updated_at"])
        audit.record_changes(user, case, before, audit.snapshot(case, fields), case=case)
        if categories is not None:
            old = audit.as_text(list(case.categories.all()))
            case.categories.set(categories)
            audit.record_changes(
                user,
                case,
                {"categories": old},
                {"categories": audit.as_text(list(categories))},
                case=case,
            )
        access_log(user=user, action=AccessLog.Action.CHANGE, case=case, request=request)
    return case


def case_change_status(
    *,
    case: Case,
    user: User,
    status: str,
    note: str = "",
    outcome: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Move the case along its path (Case.TRANSITIONS); a note becomes a progress entry."""
    _require_change(user, case)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if status not in Case.Status.values:
            raise ValidationError({"status": gettext("選べない状態です。")})
        if not case.can_move_to(status):
            allowed = "、".join(str(label) for _value, label in case.next_statuses())
            raise ValidationError(
                {
                    "status": gettext(
                        "「%(current)s」から「%(new)s」には進めません。進める状態：%(allowed)s"
                    )
                    % {
                        "current": case.get_status_display(),
                        "new": Case.Status(status).label,
                        "allowed": allowed or gettext("なし（終了したケースです）"),
                    }
                }
            )
        tracked = ("status", "closed_on", "outcome")
        before = audit.snapshot(case, tracked)
        case.status = status
        if status in Case.CLOSED_STATUSES:
            case.closed_on = timezone.localdate()
            closing_outcomes: dict[str, str] = {
                Case.Status.INFO_ONLY: Case.Outcome.INFORMATION_GIVEN,
                Case.Status.REFERRED_OUT: Case.Outcome.REFERRED,
            }
            case.outcome = outcome or closing_outcomes.get(status, Case.Outcome.OTHER)
        elif outcome:
            raise ValidationError({"outcome": gettext("結果はケースを終了するときに選びます。")})
        case.full_clean(exclude=["categories"])
        case.save(update_fields=[*tracked, "updated_at"])
        audit.record_changes(user, case, before, audit.snapshot(case, tracked), case=case)
        if note.strip():
            _entry_insert(
                case=case,
                staff=user,
                kind=Entry.Kind.OTHER,
                occurred_on=timezone.localdate(),
                summary=gettext("状態を「%(status)s」に変更")
                % {"status": case.get_status_display()},
                detail=note,
                user=user,
            )
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=case,
            request=request,
            detail=f"status:{status}",
        )
    return case


# --- Progress entries ------------------------------

_ENTRY_FIELDS = ("kind", "occurred_on", "staff", "summary", "detail")


def _entry_insert(
    *, user: User, case: Case, version_of: Entry | None = None, **fields: Any
) -> Entry:
    entry = Entry(case=case, version_of=version_of, **fields)
    entry.full_clean()
    entry.save()
    before = audit.snapshot(version_of, _ENTRY_FIELDS) if version_of else {}
    audit.record_changes(user, entry, before, audit.snapshot(entry, _ENTRY_FIELDS), case=case)
    return entry


def entry_add(
    *,
    case: Case,
    user: User,
    kind: str,
    summary: str,
    detail: str = "",
    occurred_on: dt.date | None = None,
    staff: User | None = None,
    request: HttpRequest | None = None,
) -> Entry:
    _require_change(user, case)
    if not summary.strip():
        raise ValidationError({"summary": gettext("要約を書いてください。")})
    with transaction.atomic():
        entry = _entry_insert(
            user=user,
            case=case,
            kind=kind,
            summary=summary,
            detail=detail,
            occurred_on=occurred_on or timezone.localdate(),
            staff=staff or user,
        )
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=case,
            request=request,
            detail="entry:add",
        )
    return entry


def entry_correct(
    *, entry: Entry, user: User, request: HttpRequest | None = None, **fields: Any
) -> Entry:
    """A correction is a new version; the corrected one is kept and marked superseded."""
    _require_change(user, entry.case)
    unknown = set(fields) - set(_ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown entry fields: {sorted(unknown)}")
    with transaction.atomic():
        # Lock the old version: two corrections of one entry must not both win.
        updated = Entry.objects.filter(pk=entry.pk, superseded=False)._sanctioned_update(
            superseded=True
        )
        if not updated:
            raise ValidationError(
                gettext("この記録はすでに訂正されています。最新の記録を訂正してください。")
            )
        entry.refresh_from_db()
        values = {name: getattr(entry, name) for name in _ENTRY_FIELDS} | fields
        new = _entry_insert(user=user, case=entry.case, version_of=entry, **values)
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=entry.case,
            request=request,
            detail="entry:correct",
        )
    return new


# --- Referrals ------------------------------


def referral_create(
    *,
    case: Case,
    user: User,
    destination: ReferralDestination,
    reason: str,
    basis: str,
    shared_information: str = "",
    consent: Consent | None = None,
    statutory_ground: str = "",
    follow_up_on: dt.date | None = None,
    referred_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Record a referral (a disclosure to a third party when information is shared).
    Refused with a Japanese ValidationError when information is shared without a recorded
    basis, or on a consent that is withdrawn, someone else's or does not cover the
    destination."""
    _require_change(user, case)
    with transaction.atomic():
        referral = Referral(
            case=case,
            destination=destination,
            reason=reason,
            basis=basis,
            shared_information=shared_information,
            consent=consent,
            statutory_ground=statutory_ground,
            follow_up_on=follow_up_on,
            referred_on=referred_on or timezone.localdate(),
            created_by=user,
        )
        referral.full_clean()
        referral.save()
        audit.record_creation(
            user,
            referral,
            (
                "destination",
                "reason",
                "shared_information",
                "basis",
                "consent",
                "statutory_ground",
                "status",
                "follow_up_on",
                "referred_on",
            ),
            case=case,
        )
        access_log(
            user=user,
            action=AccessLog.Action.CHANGE,
            case=case,
            request=request,
            detail="referral:add",
        )
    return referral


def referral_update(
    *,
    referral: Referral,
    user: User,
    status: str | None = None,
    outcome: str | None = None,
    follow_up_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    _require_change(user, referral.case)
    with _changing(
        referral,
        Referral.TRACKED_FIELDS,
        user=user,
        case=referral.case,
        detail="referral:update",
        request=request,
    ) as referral:
        if status is not None and status != referral.status:
            if not referral.can_move_to(status):
                raise ValidationError(
                    {
                        "status": gettext(
                            "つなぎの状態を「%(current)s」から「%(new)s」には変えられません。"
                        )
                        % {
                            "current": referral.get_status_display(),
                            "new": Referral.Status(status).label,
                        }
                    }
                )
            referral.status = status
        if outcome is not None:
            referral.outcome = outcome
        if follow_up_on is not None:
            referral.follow_up_on = follow_up_on
        referral.save(update_fields=list(Referral.TRACKED_FIELDS))
    return referral


# --- Follow-ups ------------------------------


def task_add(
    *,
    case: Case,
    user: User,
    title: str,
    due_on: dt.date,
    assignee: User | None = None,
    request: HttpRequest | None = None,
) -> Task:
    """A follow-up; its assignee must be someone who may see the case (or the dashboard of
    someone outside the rule would show it)."""
    _require_change(user, case)
    assignee = assignee or user
    if not permissions.may_be_assigned(assignee, case):
        raise ValidationError(
            {"assignee": gettext("このケースを見られない職員には割り当てられません。")}
        )
    with transaction.atomic():
        task = Task(case=case, title=title, due_on=due_on, assignee=assignee, created_by=user)
        task.full_clean()
        task.save()
        audit.record_creation(user, task, Task.TRACKED_FIELDS, case=case)
        access_log(
            user=user, action=AccessLog.Action.CHANGE, case=case, request=request, detail="task:add"
        )
    return task


def task_complete(
    *, task: Task, user: User, done_on: dt.date | None = None, request: HttpRequest | None = None
) -> Task:
    _require_change(user, task.case)
    with _changing(
        task, ("done_on",), user=user, case=task.case, detail="task:done", request=request
    ) as task:
        if task.done_on is not None:
            raise ValidationError(gettext("このフォローアップはすでに完了しています。"))
        task.done_on = done_on or timezone.localdate()
        task.save(update_fields=["done_on"])
    return task


def flag_add(
    *,
    case: Case,
    user: User,
    kind: str,
    instructions: str,
    request: HttpRequest | None = None,
) -> Flag:
    _require_change(user, case)
    with transaction.atomic():
        flag = Flag(case=case, kind=kind, instructions=instructions, created_by=user)
        flag.full_clean()
        flag.save()
        audit.record_creation(user, flag, Flag.TRACKED_FIELDS, case=case)
        access_log(
            user=user, action=AccessLog.Action.CHANGE, case=case, request=request, detail="flag:add"
        )
    return flag


def flag_deactivate(*, flag: Flag, user: User, request: HttpRequest | None = None) -> Flag:
    _require_change(user, flag.case)
    with _changing(
        flag, ("active",), user=user, case=flag.case, detail="flag:off", request=request
    ) as flag:
        flag.active = False
        flag.save(update_fields=["active"])
    return flag
