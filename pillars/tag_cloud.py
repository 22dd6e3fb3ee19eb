"""The tags in use with their counts (the home page's and /tags/'s list), kept per process
until content changes.

Counting them is two queries over every tagged item, activity and story, the same for every
visitor who sees only published content; the list changes only with a content write, which
renews the content generation (core.generation.kept_for_generation). Editors who preview
drafts count the drafts too: theirs is counted afresh.
"""

from collections.abc import Sequence

from django.http import Http404, HttpRequest

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


def hashtag_named(request: HttpRequest, name: str) -> Hashtag:
    """The tag of a tag's page (404 if there is none), among every tag, which are read once
    per process and content generation: a tag's page asked for it with a query of its own."""
    by_name = kept_for_generation(
        request,
        ("pillars.hashtags_by_name",),
        lambda: {tag.name: tag for tag in Hashtag.objects.all()},
    )
    try:
        return by_name[name]
    except KeyError:
        raise Http404("No such hashtag") from None
