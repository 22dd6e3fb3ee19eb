"""Who may see and do what with the network's meetings: the one place that answers it.

"Members" of the network are, for now, the coordinators and staff who hold the content role
(its view permission on meetings). When member organisations get editor accounts, widening
`is_network_member` widens every check below.
"""

from typing import Any

from django.utils import timezone

# Meetings and their documents are typed Any here: networks.meetings asks this module (its
# querysets filter by membership), so this module does not import it back.


def is_network_member(user: Any) -> bool:
    """Signed in as a member of the network: sees members-only meetings, registers to attend."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm("networks.view_meeting"))


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
