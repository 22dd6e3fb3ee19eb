"""Who may see and change what in taking part: the one place that answers it.

A participation is personal data: its holder sees it in マイページ; an activity's roster
(names, answers, attendance) is for the activity's organiser. Today that is the council's
coordinators (staff holding `participation.view_participation`); `organises` is the one
place to widen when a member organisation's own editors get accounts. Contact details and the
CSV need their own permissions on top. A refusal is a 404: nobody learns what exists.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from networks.models import Activity
from participation.models import Participation

AnyUser = User | AnonymousUser


def organises(user: AnyUser, activity: Activity) -> bool:
    """May see and keep the activity's roster (the coordinators, for every activity)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("participation.view_participation")
    )


def can_view_roster(user: AnyUser, activity: Activity) -> bool:
    return organises(user, activity)


def can_mark_attendance(user: AnyUser, activity: Activity) -> bool:
    return organises(user, activity) and user.has_perm("participation.change_participation")


def can_export_roster(user: AnyUser, activity: Activity) -> bool:
    return organises(user, activity) and user.has_perm("participation.export_participation")


def can_view_contact(user: AnyUser, activity: Activity) -> bool:
    """The participants' e-mail addresses: entitled organisers only."""
    return organises(user, activity) and user.has_perm("participation.contact_participation")


def can_cancel(user: AnyUser, participation: Participation) -> bool:
    return user.is_authenticated and participation.user_id == user.pk


# --- Lookups for views: the object, or 404 -----------------------------------------------------


def roster_activity_or_404(user: AnyUser, pk: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("participation_settings", "organiser"), pk=pk
    )
    if not can_view_roster(user, activity):
        raise Http404("No roster this user may see")
    return activity


def own_participation_or_404(user: AnyUser, pk: int) -> Participation:
    participation = get_object_or_404(
        Participation.objects.active().select_related("activity"), pk=pk
    )
    if not can_cancel(user, participation):
        raise Http404("Not this user's participation")
    return participation
