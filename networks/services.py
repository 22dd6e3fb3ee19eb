"""Workflows of the networks app."""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import TAKEN, InvitationUnusableError, User
from accounts.roles import COORDINATOR
from accounts.services import invitation_account_create
from core import emails
from core.links import site_url
from core.pagecache import content_changed
from core.signals import occurrences_removed
from networks import editing, permissions, reference_data
from networks.models import (
    Activity,
    ActivityDayOff,
    ActivityOccurrence,
    ActivitySession,
    District,
    EditorInvitation,
    Facility,
    Meeting,
    MeetingAttendance,
    Member,
    MemberEditor,
    Proposal,
    TargetGroup,
    Theme,
)
from networks.permissions import can_register_attendance


def occurrence_dates(
    activity: Activity,
    *,
    today: dt.date,
    sessions: Iterable[ActivitySession] | None = None,
    days_off: Iterable[ActivityDayOff] | None = None,
) -> set[dt.date]:
    """The dates an activity takes place: its rule for the next 180 days, or its sessions,
    less the days it has off (holidays if it skips them, its listed days off, its pause).

    `sessions` and `days_off` may be given when they are not saved yet (bulk loading) or were
    read for many activities at once; otherwise they are read from the database.
    """
    if activity.is_recurring:
        horizon = today + dt.timedelta(days=ActivityOccurrence.HORIZON_DAYS)
        dates = activity.dates_between(today, horizon)
    else:
        if sessions is None:
            sessions = activity.sessions.all()
        dates = sorted({timezone.localtime(session.starts_at).date() for session in sessions})
    return _less_days_off(activity, dates, days_off=days_off)


def _less_days_off(
    activity: Activity, dates: list[dt.date], *, days_off: Iterable[ActivityDayOff] | None
) -> set[dt.date]:
    if days_off is None:
        days_off = activity.days_off.all() if activity.pk and activity.is_recurring else []
    days_off = list(days_off)
    if not days_off and not activity.has_days_off:
        return set(dates)
    return set(dates) - activity.days_off_among(dates, days_off=days_off).keys()


@transaction.atomic
def activity_refresh_occurrences(
    *,
    activity: Activity,
    today: dt.date | None = None,
    moved: dict[dt.date, dt.date] | None = None,
) -> int:
    """Rebuild the dates an activity takes place (its sessions, or its rule for 180 days).
    `moved`: old date → new date of sessions whose day was changed (the admin's sessions):
    a date gone that way is announced as moved, not as called off."""
    today = today or timezone.localdate()
    dates = occurrence_dates(activity, today=today)
    _replace_occurrences(
        {activity.pk: activity}, {activity.pk: sorted(dates)}, today=today, moved=moved
    )
    activity.next_date = next_date_of(dates, today=today)
    Activity.objects.filter(pk=activity.pk).update(next_date=activity.next_date)
    content_changed()  # occurrences send no signal (nerima_portal/content.py)
    return len(dates)


def next_date_of(dates: Iterable[dt.date], *, today: dt.date) -> dt.date | None:
    """What `Activity.next_date` holds: the first of the dates from today, or None."""
    return min((date for date in dates if date >= today), default=None)


def activities_roll_next_dates(*, today: dt.date | None = None) -> int:
    """Move every stored next date that has passed on to the activity's next occurrence (or
    None): the day changed since it was set. One query when none has passed (an index probe);
    the nightly `refresh_occurrences` does it too. Returns how many activities moved on."""
    today = today or timezone.localdate()
    # The earliest stored date, rather than "is any before today?": that question's plan,
    # prepared once for any day (settings: prepared statements), walked the whole table.
    earliest = (
        Activity.objects.filter(next_date__isnull=False)
        .order_by("next_date")
        .values_list("next_date", flat=True)
        .first()
    )
    if earliest is None or earliest >= today:
        return 0
    moved = Activity.objects.filter(next_date__lt=today).update(next_date=_first_occurrence(today))
    content_changed()  # an UPDATE sends no signal; pages sorted by the old dates go
    return moved


def _first_occurrence(today: dt.date) -> models.Subquery:
    """The activity's first occurrence from today, as a subquery for an UPDATE."""
    return models.Subquery(
        ActivityOccurrence.objects.filter(activity=models.OuterRef("pk"), date__gte=today)
        .order_by("date")
        .values("date")[:1]
    )


def activities_refresh_occurrences(
    *,
    activities: Iterable[Activity] | None = None,
    today: dt.date | None = None,
    batch: int = 500,
) -> int:
    """Rebuild the dates of many activities (nightly: every activity, which rolls recurring
    rules forward; after a spreadsheet import: the imported ones). A batch at a time: its
    sessions read in one query, its old dates deleted in one, the new ones inserted in bulk."""
    today = today or timezone.localdate()
    if activities is None:
        activities = Activity.objects.order_by("pk").iterator(chunk_size=batch)
    total = 0
    chunk: list[Activity] = []
    for activity in activities:
        chunk.append(activity)
        if len(chunk) == batch:
            total += _refresh_occurrences_of(chunk, today=today)
            chunk = []
    if chunk:
        total += _refresh_occurrences_of(chunk, today=today)
    return total


@transaction.atomic
def _refresh_occurrences_of(activities: list[Activity], *, today: dt.date) -> int:
    sessions: dict[int, list[ActivitySession]] = defaultdict(list)
    dated = [activity.pk for activity in activities if not activity.is_recurring]
    for session in ActivitySession.objects.filter(activity_id__in=dated):
        sessions[session.activity_id].append(session)
    days_off: dict[int, list[ActivityDayOff]] = defaultdict(list)
    recurring = [activity.pk for activity in activities if activity.is_recurring]
    for day in ActivityDayOff.objects.filter(activity_id__in=recurring):
        days_off[day.activity_id].append(day)
    # A rule's dates depend on the rule alone, and a few rules serve thousands of activities
    by_rule: dict[tuple, list[dt.date]] = {}

    def dates_of(activity: Activity) -> list[dt.date]:
        if not activity.is_recurring:
            return sorted(
                occurrence_dates(activity, today=today, sessions=sessions[activity.pk], days_off=[])
            )
        rule = (activity.schedule, tuple(activity.weekdays), tuple(activity.weeks_of_month))
        if rule not in by_rule:
            by_rule[rule] = sorted(occurrence_dates(Activity(**_rule_of(activity)), today=today))
        if not activity.has_days_off and not days_off[activity.pk]:
            return by_rule[rule]
        return sorted(_less_days_off(activity, by_rule[rule], days_off=days_off[activity.pk]))

    rows = _replace_occurrences(
        {activity.pk: activity for activity in activities},
        {activity.pk: dates_of(activity) for activity in activities},
        today=today,
    )
    # The stored next date, from the rows just written (one statement for the batch)
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(
        next_date=_first_occurrence(today)
    )
    content_changed()  # occurrences send no signal (nerima_portal/content.py)
    return rows


def _replace_occurrences(
    activities: dict[int, Activity],
    dates: dict[int, list[dt.date]],
    *,
    today: dt.date,
    moved: dict[dt.date, dt.date] | None = None,
) -> int:
    """Write the activities' dates in place of the old ones (the one place they are written)
    and announce, per activity, the dates from today on that are gone (core.signals): who
    joined one of them is told (participation), as moved where `moved` (of a single activity)
    names a coming day it now takes place on instead. A date of `moved` that still takes
    place (another session took its day: a swap, or a shift along) is announced as moved
    too. Returns how many dates were written."""
    before: dict[int, set[dt.date]] = defaultdict(set)
    for activity_id, date in ActivityOccurrence.objects.filter(
        activity_id__in=list(activities), date__gte=today
    ).values_list("activity_id", "date"):
        before[activity_id].add(date)
    ActivityOccurrence.objects.filter(activity_id__in=list(activities)).delete()
    rows = [
        ActivityOccurrence(activity_id=pk, date=date) for pk in activities for date in dates[pk]
    ]
    ActivityOccurrence.objects.bulk_create(rows, batch_size=2000)
    for pk, old in before.items():
        new = set(dates[pk])
        gone = sorted(old.difference(new))
        moved_to = {
            date: to
            for date, to in (moved or {}).items()
            if date in old and to >= today and to in new
        }
        if gone or moved_to:
            occurrences_removed.send(
                sender=Activity, activity=activities[pk], dates=gone, moved_to=moved_to
            )
    return len(rows)


def _rule_of(activity: Activity) -> dict[str, object]:
    """The rule alone (no holidays, days off or pause): what dates shared by rule depend on."""
    return {
        "schedule": activity.schedule,
        "weekdays": activity.weekdays,
        "weeks_of_month": activity.weeks_of_month,
    }


def reference_data_ensure() -> None:
    """Create any missing district, theme or target group (a flushed test database has none)."""
    for model, rows in (
        (District, reference_data.DISTRICTS),
        (Theme, reference_data.THEMES),
        (TargetGroup, reference_data.TARGET_GROUPS),
    ):
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


# --- Member organisations' editors: invitations, proposals, confirmations -----------------------
# (networks/README.md "Editors"; who may do what: networks/permissions.py)

_CONFIRM_SALT = "networks.member_confirm"
# How long the reminder's 「変更なし」 link works
CONFIRM_LINK_DAYS = 45
# An entry not confirmed for this many months is stale (the reminder goes out)
STALE_MONTHS = 6


class ProposalDecidedError(Exception):
    """The proposal is no longer pending: approved, sent back or withdrawn (`state`) before
    this decision."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def _mail(name: str, context: dict[str, Any], to: list[str]) -> None:
    """Store the e-mail in the outbox and queue it (core/emails.py); nothing when nobody is
    to be told."""
    if to:
        emails.send(name, context, to=to)


def _require_reviewer(by: User) -> None:
    if not permissions.can_review_proposals(by):
        raise PermissionDenied


def editor_invitation_issue(*, member: Member, email: str, name: str, by: User) -> None:
    """A coordinator invites `email` to edit `member`'s entries: the invitation is stored and
    the e-mail with its link queued."""
    _require_reviewer(by)
    account = User.objects.filter(email__iexact=email).first()
    if account is not None and not _may_become_editor(account):
        raise ValidationError(
            gettext(
                "このメールアドレスの利用者は、協議会の職員か、ほかの会員の編集担当です。"
                "別のメールアドレスで招待してください。"
            ),
            code="exists",
        )
    if EditorInvitation.objects.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            gettext("このメールアドレスには、まだ使われていない招待があります。"), code="pending"
        )
    invitation = EditorInvitation(email=email, name=name, member=member, created_by=by)
    token = invitation.new_token()
    invitation.save()
    _mail_editor_invitation(invitation, token, by)


def _mail_editor_invitation(invitation: EditorInvitation, token: str, by: User) -> None:
    link = site_url(reverse("editor:invitation", args=[token]))
    _mail(
        "editor_invitation",
        {"invitation": invitation, "link": link, "invited_by": by.name or by.email},
        [invitation.email],
    )


def editor_invitation_revoke(*, invitation: EditorInvitation, by: User) -> None:
    """A coordinator stops a pending invitation's link (a mistyped address, say): from now on
    it leads to the 「使えません」 page, and the address may be invited again. Raises
    InvitationUnusableError, changing nothing, when the invitation is no longer pending —
    accepted, expired or revoked, even a moment ago: the row's lock lets only one of a
    revocation and an acceptance through."""
    _require_reviewer(by)
    with transaction.atomic():
        EditorInvitation.objects.lock_pending(invitation.pk).revoke()
    invitation.refresh_from_db()


def editor_invitation_resend(*, invitation: EditorInvitation, by: User) -> None:
    """A coordinator sends a pending invitation again: a new link with a new expiry is
    e-mailed, and the earlier link stops working. Refused like editor_invitation_revoke when
    the invitation is no longer pending."""
    _require_reviewer(by)
    with transaction.atomic():
        locked = EditorInvitation.objects.lock_pending(invitation.pk)
        token = locked.renew()
        _mail_editor_invitation(locked, token, by)
    invitation.refresh_from_db()


def _may_become_editor(user: User) -> bool:
    """A resident's own account may also keep an organisation's entries; a council account
    (staff, or any role) or another organisation's editor may not."""
    return not (
        user.is_staff
        or user.is_superuser
        or user.groups.exists()
        or MemberEditor.objects.filter(user=user).exists()
    )


def editor_invitation_account(invitation: EditorInvitation) -> User | None:
    """The account that already has the invitation's address, if any: its owner signs in and
    accepts, rather than making a second account."""
    return User.objects.filter(email__iexact=invitation.email).first()


def editor_invitation_find(*, token: str) -> EditorInvitation | None:
    """The invitation a link names, whatever its state; None for a forged or mangled link."""
    return EditorInvitation.objects.select_related("member").for_token(token)


def editor_invitation_accept(*, invitation: EditorInvitation, password: str) -> User:
    """The invitee's account, with the password they chose (the form ran Django's validators),
    made the editor of the invitation's member; the invitation is used up."""
    with transaction.atomic():
        locked = EditorInvitation.objects.lock_pending(invitation.pk)
        user = invitation_account_create(invitation=locked, password=password)
        MemberEditor.objects.create(user=user, member_id=locked.member_id)
        locked.mark_accepted()
    invitation.refresh_from_db()
    return user


def editor_invitation_accept_signed_in(*, invitation: EditorInvitation, user: User) -> None:
    """`user`, signed in as the account with the invitation's address (the link proved the
    mailbox, the sign-in the account), becomes the editor of the invitation's member; the
    invitation is used up. Refused (InvitationUnusableError) for any other account and for
    one that may not become an editor."""
    with transaction.atomic():
        locked = EditorInvitation.objects.lock_pending(invitation.pk)
        if user.email.casefold() != locked.email.casefold() or not _may_become_editor(user):
            raise InvitationUnusableError(TAKEN)
        MemberEditor.objects.create(user=user, member_id=locked.member_id)
        locked.mark_accepted()
    invitation.refresh_from_db()


def proposal_submit(
    *, member: Member, kind: str, after: dict[str, Any], by: User, target: Any = None
) -> Proposal | None:
    """An editor's change (or new entry) as a proposal for the coordinators, who are told.
    Returns None when nothing changed. The public entry is not touched."""
    if permissions.own_member(by) != member:
        raise PermissionDenied
    before = editing.snapshot(target, kind) if target is not None else {}
    if target is not None and not editing.changed_fields(before, after):
        return None
    proposal = Proposal.objects.create(
        member=member,
        kind=kind,
        target_id=target.pk if target is not None else None,
        before=before,
        after=after,
        created_by=by,
    )
    _mail(
        "proposal_submitted",
        {"proposal": proposal, "link": site_url(reverse("review:proposal", args=[proposal.pk]))},
        list(
            User.objects.filter(is_active=True, groups__name=COORDINATOR)
            .values_list("email", flat=True)
            .distinct()
        ),
    )
    return proposal


def _decide(proposal: Proposal, *, by: User) -> Proposal:
    """The proposal's row, locked until the transaction ends, if it is still pending: of an
    approval, a sending back and a withdrawal at the same moment, exactly one gets through."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != Proposal.State.PENDING:
        raise ProposalDecidedError(locked.state)
    locked.decided_by = by
    locked.decided_at = timezone.now()
    return locked


def _tell_editor(proposal: Proposal) -> None:
    editor = proposal.created_by
    if editor is None or not editor.is_active:
        return
    _mail(
        "proposal_decided",
        {"proposal": proposal, "link": site_url(reverse("editor:proposal", args=[proposal.pk]))},
        [editor.email],
    )


def proposal_approve(*, proposal: Proposal, by: User) -> models.Model:
    """Apply the proposal to the public entry (or create it), renew its 確認日, tell the editor.
    Returns the entry."""
    _require_reviewer(by)
    today = timezone.localdate()
    with transaction.atomic():
        locked = _decide(proposal, by=by)
        model = editing.MODELS[locked.kind]
        entry: models.Model
        if locked.kind == Proposal.Kind.MEMBER:
            entry = Member.objects.select_for_update().get(pk=locked.member_id)
        elif locked.target_id is not None:
            owner = "organiser" if locked.kind == Proposal.Kind.ACTIVITY else "member"
            entry = get_object_or_404(
                model._default_manager.select_for_update().filter(**{owner: locked.member_id}),
                pk=locked.target_id,
            )
        else:
            owner = "organiser_id" if locked.kind == Proposal.Kind.ACTIVITY else "member_id"
            entry = model(**{owner: locked.member_id})
        entry.last_confirmed_on = today  # type: ignore[attr-defined]
        editing.apply(entry, locked.kind, locked.before, locked.after)
        if isinstance(entry, Activity):
            activity_refresh_occurrences(activity=entry, today=today)
        locked.state = Proposal.State.APPROVED
        locked.target_id = entry.pk
        locked.save()
    proposal.refresh_from_db()
    _tell_editor(proposal)
    return entry


def proposal_send_back(*, proposal: Proposal, by: User, reason: str) -> None:
    """The public entry stays as it is; the editor reads the reason."""
    _require_reviewer(by)
    if not reason.strip():
        raise ValidationError(gettext("差し戻す理由を書いてください。"), code="reason")
    with transaction.atomic():
        locked = _decide(proposal, by=by)
        locked.state = Proposal.State.SENT_BACK
        locked.reason = reason.strip()
        locked.save()
    proposal.refresh_from_db()
    _tell_editor(proposal)


def proposal_withdraw(*, proposal: Proposal, by: User) -> None:
    """An editor of the proposal's organisation takes it back while it waits: nobody reviews
    it any more, the public entry stays as it is, and the proposal stays (state WITHDRAWN,
    with who and when) in the organisation's history. Nobody is mailed: the coordinators'
    list of proposals waiting simply no longer holds it."""
    member = permissions.own_member(by)
    if member is None or member.pk != proposal.member_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = _decide(proposal, by=by)
        locked.state = Proposal.State.WITHDRAWN
        locked.save(update_fields=["state", "decided_by", "decided_at"])
    proposal.refresh_from_db()


def member_confirm_unchanged(*, member: Member, today: dt.date | None = None) -> None:
    """「変更なし」: the member's entry, facilities and activities are as published; their
    確認日 become today."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(last_confirmed_on=today)
        Facility.objects.filter(member=member).update(last_confirmed_on=today)
        Activity.objects.filter(organiser=member).update(last_confirmed_on=today)
        content_changed()  # updates send no signal
    member.last_confirmed_on = today


def confirm_token(editor: MemberEditor) -> str:
    return signing.dumps({"e": editor.pk, "m": editor.member_id}, salt=_CONFIRM_SALT)


def confirm_token_editor(token: str) -> MemberEditor | None:
    """The editor a reminder's link names, while it works; None otherwise."""
    try:
        data = signing.loads(
            token, salt=_CONFIRM_SALT, max_age=dt.timedelta(days=CONFIRM_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), int):
        return None
    return (
        MemberEditor.objects.select_related("member", "user")
        .filter(pk=data["e"], member_id=data.get("m") or 0, user__is_active=True)
        .first()
    )


def stale_before(today: dt.date) -> dt.date:
    """The date STALE_MONTHS months before today (the 31st falls back to the month's end)."""
    month = today.month - STALE_MONTHS
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(today.day, last_day))


def stale_members(*, today: dt.date) -> models.QuerySet[Member]:
    """Members with an entry (their own, a facility's, an activity's) confirmed longer ago than
    STALE_MONTHS, or never."""
    cutoff = stale_before(today)

    def stale(prefix: str = "") -> models.Q:
        field = f"{prefix}last_confirmed_on"
        return models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__lt": cutoff})

    return Member.objects.filter(
        stale()
        | models.Q(pk__in=Facility.objects.filter(stale()).values("member"))
        | models.Q(pk__in=Activity.objects.filter(stale()).values("organiser"))
    )


def editors_remind(*, today: dt.date | None = None) -> int:
    """Each month, one e-mail to every editor of a stale member, with the one-click 「変更なし」
    link. Idempotent: an editor reminded this month is skipped. Returns how many were sent."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    editors = (
        MemberEditor.objects.filter(member__in=stale_members(today=today), user__is_active=True)
        .exclude(reminded_on__gte=month_start)
        .select_related("member", "user")
    )
    sent = 0
    for editor in editors:
        link = site_url(reverse("editor:confirm", args=[confirm_token(editor)]))
        context = {
            "editor": editor,
            "member": editor.member,
            "link": link,
            "editor_home": site_url(reverse("editor:home")),
            "months": STALE_MONTHS,
        }
        _mail("member_confirm_reminder", context, [editor.user.email])
        MemberEditor.objects.filter(pk=editor.pk).update(reminded_on=today)
        sent += 1
    return sent


# --- Meetings ---------------------------------------------------------------------------------


def meeting_register_attendance(*, meeting: Meeting, user: User) -> MeetingAttendance:
    """Register `user` to attend (once: registering again changes nothing)."""
    if not can_register_attendance(user, meeting):
        raise PermissionDenied("Registration is closed or not allowed")
    attendance, _created = MeetingAttendance.objects.get_or_create(meeting=meeting, user=user)
    return attendance


def meeting_cancel_attendance(*, meeting: Meeting, user: User) -> bool:
    """Take back a registration; True if there was one."""
    deleted, _rows = MeetingAttendance.objects.filter(meeting=meeting, user=user).delete()
    return bool(deleted)
