"""Who may see and change what in taking part: the one place that answers it.

A participation is personal data: its holder sees it in マイページ; an activity's roster
(names, answers, attendance) is for the activity's organiser: the council's coordinators
(staff holding `participation.view_participation`, for every activity) and the editors of the
member organisation that organises it (networks.permissions.own_member), for its activities
only. Coordinators need their own permissions on top for contact details and the CSV; the
organising organisation's editors have them for their own activities (the people signed up to
come to them). A refusal is a 404: nobody learns what exists.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from networks.permissions import own_member
from participation.models import Participation

AnyUser = User | AnonymousUser


def _coordinates(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("participation.view_participation")
    )


def _edits_the_organiser(user: AnyUser, activity: Activity) -> bool:
    member = own_member(user)
    return member is not None and activity.organiser_id == member.pk


def organises(user: AnyUser, activity: Activity) -> bool:
    """May see and keep the activity's roster: coordinators, for every activity; the editors
    of the organising member organisation, for its own."""
    return _coordinates(user) or _edits_the_organiser(user, activity)


def can_view_roster(user: AnyUser, activity: Activity) -> bool:
    return organises(user, activity)


def _may(user: AnyUser, activity: Activity, permission: str) -> bool:
    if _edits_the_organiser(user, activity):
        return True
    return _coordinates(user) and user.has_perm(f"participation.{permission}")


def can_mark_attendance(user: AnyUser, activity: Activity) -> bool:
    return _may(user, activity, "change_participation")


def can_export_roster(user: AnyUser, activity: Activity) -> bool:
    return _may(user, activity, "export_participation")


def can_view_contact(user: AnyUser, activity: Activity) -> bool:
    """The participants' e-mail addresses: entitled organisers only."""
    return _may(user, activity, "contact_participation")


def can_cancel(user: AnyUser, participation: Participation) -> bool:
    """Its holder, before the date has passed (a place given up afterwards would move someone
    up, and e-mail them, for a date that is over)."""
    upcoming = participation.date is None or participation.date >= timezone.localdate()
    return user.is_authenticated and participation.user_id == user.pk and upcoming


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
