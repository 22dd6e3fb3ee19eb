"""Parts of the plan's pages read once per process and kept until content changes
(core.generation.kept_for_generation: every content write renews the content generation).

- The tags in use with their counts (the home page's and /tags/'s list): two queries over
  every tagged item, activity and story, the same for every visitor who sees only published
  content. Editors who preview drafts count the drafts too: theirs is counted afresh.
- Every tag by name, and the current plan's driving forces by slug: the object a tag's or a
  force's page is about, which was a query of its own on every such page.
- What each tag carries (from those counts): a tag's page does not look for the kinds it
  carries none of.
- A tag's page's lists (its action items, next activities and latest stories), kept per day as
  well: what a tag's page spent most of its time on was building and reading those queries.
"""

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from django.http import Http404, HttpRequest

from core.generation import kept_for_generation
from pillars.models import DrivingForce, Hashtag
from pillars.permissions import can_preview_drafts
from plan.models import Plan

T = TypeVar("T")


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


def force_named(request: HttpRequest, slug: str) -> DrivingForce:
    """A driving force of the current plan (404 if there is none, or no plan is published)."""
    by_slug = kept_for_generation(
        request,
        ("pillars.forces_by_slug",),
        lambda: {
            force.slug: force
            for force in DrivingForce.objects.filter(plan=Plan.objects.current_pk())
        },
    )
    try:
        return by_slug[slug]
    except KeyError:
        raise Http404("No such driving force") from None


def kept_for_visitors(request: HttpRequest, key: tuple, build: Callable[[], T]) -> T:
    """`build()` kept per process and content generation (kept_for_generation) for everyone
    who sees only published content; built afresh for editors, whose previews show drafts."""
    if can_preview_drafts(request.user):
        return build()
    return kept_for_generation(request, key, build)


class Carried(NamedTuple):
    """Whether a tag may carry something of each kind a visitor sees."""

    action_items: bool
    activities: bool
    stories: bool


EVERYTHING = Carried(action_items=True, activities=True, stories=True)


def tag_carries(request: HttpRequest, tag: Hashtag) -> Carried:
    """Which kinds of content `tag` carries, from the counts of the tags in use (a count of
    none means none: the counts' conditions are those of the lists, or wider). Editors, who
    preview drafts, are told everything may be there."""
    if can_preview_drafts(request.user):
        return EVERYTHING
    counts = kept_for_generation(
        request,
        ("pillars.tag_counts",),
        lambda: {
            used.pk: (used.action_count, used.activity_count, used.story_count)
            for used in tags_in_use(request)
        },
    )
    items, activities, stories = counts.get(tag.pk, (0, 0, 0))
    return Carried(action_items=items > 0, activities=activities > 0, stories=stories > 0)
