"""Who may see and change what in the nerizu app: the one place that answers it.

A Nerizu's registration and unpublished stories are personal data. They are for the Nerizu
themselves and for staff who hold the coordinators' view permission. Every view asks here; a
refusal about someone else's object is a 404, so nobody learns that the object exists.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from nerizu.models import Message, Nerizu, Story
from networks.models import District

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


# --- Messages to ネリーズ ---------------------------------------------------------------------


def message_districts(user: AnyUser) -> QuerySet[District]:
    """A coordinator's remit: the districts of the profile an administrator linked to their
    account (networks.Coordinator.account); every district for a superuser; none otherwise."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return District.objects.none()
    if user.is_superuser:
        return District.objects.all()
    return District.objects.filter(coordinators__account=user)


def can_message_nerizu(user: AnyUser) -> bool:
    return message_districts(user).exists()


def message_to_view_or_404(user: AnyUser, pk: int) -> Message:
    """A message's log: its sender's, or any for a superuser."""
    if not can_message_nerizu(user):
        raise Http404("Not a coordinator with districts")
    message = get_object_or_404(Message, pk=pk)
    if not (user.is_superuser or message.sender_id == user.pk):
        raise Http404("Someone else's message")
    return message


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
