"""Who may change the network's entries outside the admin: the one place that answers it.

- An editor (networks.MemberEditor) keeps one member organisation's entries: its own
  facilities, activities and proposals, never another organisation's. Anything of another
  organisation is a 404 for them, so nobody learns what exists.
- Coordinators (the role's `networks.change_proposal` permission) review proposals and invite
  editors, only in a session that has passed its second factor (accounts/second_factor.py).
- The network's meetings: "members" of the network (`is_network_member`) are the coordinators
  and staff holding the content role's view permission on meetings, and every member
  organisation's editors. They see members-only meetings and register to attend.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from networks.models import Activity, Facility, Member, MemberEditor, Proposal

AnyUser = User | AnonymousUser


def own_member(user: AnyUser) -> Member | None:
    """The member organisation this user edits, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_networks_member"):
        editor = MemberEditor.objects.select_related("member").filter(user=user).first()
        # One request's cache on the user object (the model does not declare it)
        setattr(user, "_networks_member", editor.member if editor else None)  # noqa: B010
    member: Member | None = getattr(user, "_networks_member")  # noqa: B009
    return member


def is_editor(user: AnyUser) -> bool:
    return own_member(user) is not None


def is_proposal_reviewer(user: AnyUser) -> bool:
    """A coordinator: reviews proposals and invites editors (with the second factor)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("networks.change_proposal")
    )


def can_review_proposals(user: AnyUser) -> bool:
    """A reviewer whose session passed the second factor now."""
    return is_proposal_reviewer(user) and bool(getattr(user, "second_factor_passed", False))


# --- Lookups for editor views: the object of one's own organisation, or 404 ---------------------


def member_to_edit_or_404(user: AnyUser) -> Member:
    member = own_member(user)
    if member is None:
        raise Http404("Not an editor of a member organisation")
    return member


def facility_to_edit_or_404(user: AnyUser, pk: int) -> Facility:
    member = member_to_edit_or_404(user)
    return get_object_or_404(Facility.objects.filter(member=member), pk=pk)


def activity_to_edit_or_404(user: AnyUser, pk: int) -> Activity:
    member = member_to_edit_or_404(user)
    return get_object_or_404(Activity.objects.filter(organiser=member), pk=pk)


def proposal_to_view_or_404(user: AnyUser, pk: int) -> Proposal:
    member = member_to_edit_or_404(user)
    return get_object_or_404(Proposal.objects.filter(member=member), pk=pk)


# --- The network's meetings (networks/meetings.py; typed Any: that module is models') -----


def is_network_member(user: Any) -> bool:
    """Signed in as a member of the network: sees members-only meetings, registers to attend."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff and user.has_perm("networks.view_meeting")) or is_editor(user)


def can_view_meeting(user: Any, meeting: Any) -> bool:
    return meeting.is_public or is_network_member(user)


def can_register_attendance(user: Any, meeting: Any) -> bool:
    """Members register for a meeting they may see, until it begins."""
    return (
        is_network_member(user)
        and can_view_meeting(user, meeting)
        and meeting.starts_at > timezone.now()
    )


def can_view_document(user: Any, document: Any) -> bool:
    """Materials with their meeting; the minutes once published (members see them before, to
    check them)."""
    meeting = document.meeting
    if not can_view_meeting(user, meeting):
        return False
    if document.kind == "minutes" and not meeting.minutes_are_published:
        return is_network_member(user)
    return True
