"""Who may see what in the pillars app: the one place that answers it."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


def can_preview_drafts(user: User | AnonymousUser) -> bool:
    """Editors (who may change action items) see drafts on the public pages, marked 下書き."""
    return user.is_authenticated and user.is_staff and user.has_perm("pillars.change_actionitem")


def can_add_hashtags(user: User | AnonymousUser) -> bool:
    """Coordinators (who hold the add permission on hashtags) create new tags, also while
    reviewing a ネリーズ story; residents choose from the existing ones."""
    return user.is_authenticated and user.is_staff and user.has_perm("pillars.add_hashtag")
