"""The tags in use with their counts (the home page's and /tags/'s list), kept per process
until content changes.

Counting them is two queries over every tagged item, activity and story, the same for every
visitor who sees only published content; the list changes only with a content write, which
renews the content generation (core.generation.kept_for_generation). Editors who preview
drafts count the drafts too: theirs is counted afresh.
"""

from collections.abc import Sequence

from django.http import HttpRequest

from core.generation import kept_for_generation
from pillars.models import Hashtag
from pillars.permissions import can_preview_drafts


def tags_in_use(request: HttpRequest) -> Sequence[Hashtag]:
    """Hashtag.objects.in_use(request.user), shared between requests (do not change it)."""
    user = request.user
    if can_preview_drafts(user):
        return Hashtag.objects.in_use(user)
    # The same rows in every language (a tag's link is made when the page is drawn)
    key = ("pillars.tags_in_use",)
    return kept_for_generation(request, key, lambda: tuple(Hashtag.objects.in_use(user)))
