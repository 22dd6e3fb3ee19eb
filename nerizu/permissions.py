"""Who may see and change what in the nerizu app: the one place that answers it.

A Nerizu's registration and unpublished stories are personal data. They are for the Nerizu
themselves and for staff who hold the coordinators' view permission. Every view asks here; a
refusal about someone else's object is a 404, so nobody learns that the object exists.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from nerizu.models import Nerizu, Story

AnyUser = User | AnonymousUser


def own_nerizu(user: AnyUser) -> Nerizu | None:
    """The user's own registration, or None (anonymous users and non-members)."""
    if not user.is_authenticated:
        return None
    return Nerizu.objects.filter(user=user).select_related("district").first()


def is_author(user: AnyUser, story: Story) -> bool:
    return user.is_authenticated and story.nerizu.user_id == user.pk


def is_nerizu_reviewer(user: AnyUser) -> bool:
    """Staff with the coordinators' permission to look at stories (in the admin, too)."""
    return user.is_authenticated and user.is_staff and user.has_perm("nerizu.view_story")


def can_view_story(user: AnyUser, story: Story) -> bool:
    """Approved stories are public; the others only for their author and reviewers."""
    return story.is_approved or is_author(user, story) or is_nerizu_reviewer(user)


def can_edit_story(user: AnyUser, story: Story) -> bool:
    """Only the author changes or deletes a story on the site; coordinators use the admin."""
    return is_author(user, story)


def can_view_nerizu(user: AnyUser, nerizu: Nerizu) -> bool:
    if not user.is_authenticated:
        return False
    if nerizu.user_id == user.pk:
        return True
    return user.is_staff and user.has_perm("nerizu.view_nerizu")


def can_edit_nerizu(user: AnyUser, nerizu: Nerizu) -> bool:
    return user.is_authenticated and nerizu.user_id == user.pk


def can_delete_account(user: AnyUser) -> bool:
    """Residents delete their own account; staff accounts are closed by an administrator."""
    return user.is_authenticated and not user.is_staff and not user.is_superuser


# --- Lookups for views: the object, or 404 -----------------------------------------------------


def story_to_view_or_404(user: AnyUser, pk: int) -> Story:
    story = get_object_or_404(Story.objects.for_listing(), pk=pk)
    if not can_view_story(user, story):
        raise Http404("No story visible to this user")
    return story


def story_to_edit_or_404(user: AnyUser, pk: int) -> Story:
    story = get_object_or_404(Story.objects.for_listing(), pk=pk)
    if not can_edit_story(user, story):
        raise Http404("No story this user may change")
    return story
