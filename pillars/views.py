from collections.abc import Sequence

from django.db.models import Count, Model, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pillars.kept import force_named, hashtag_named, kept_for_visitors, tag_carries, tags_in_use
from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
from pillars.permissions import can_preview_drafts
from plan.models import Plan
from plan.shortcuts import get_current_plan_or_404

ACTIVITIES_SHOWN = 10  # on a hashtag's page
STORIES_SHOWN = 6  # the latest approved stories on a hashtag's page
MEETINGS_WITH_MINUTES_SHOWN = 5  # on a driving force's page


def pillar_list(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    visible = Q() if can_preview_drafts(request.user) else Q(action_items__status="published")
    pillars = (
        Pillar.objects.filter(plan=plan)
        .annotate(item_count=Count("action_items", filter=visible))
        .order_by("number")
    )
    return render(request, "pillars/pillar_list.html", {"plan": plan, "pillars": pillars})


def pillar_detail(request: HttpRequest, number: int) -> HttpResponse:
    # This one and the pager's others, of the current plan (none: no plan, a 404), and its
    # items: the same for every visitor who sees only published content, until content
    # changes. Kept by pillar, not by the number asked for (which may be any)
    pillars = kept_for_visitors(
        request,
        ("pillars.current_pillars",),
        lambda: list(Pillar.objects.filter(plan=Plan.objects.current_pk())),
    )
    pillar = next((p for p in pillars if p.number == number), None)
    if pillar is None:
        raise Http404("No such pillar")
    items = kept_for_visitors(
        request,
        ("pillars.pillar_items", pillar.pk),
        lambda: list(ActionItem.objects.filter(pillar=pillar).visible_to(request.user).for_cards()),
    )
    return render(
        request,
        "pillars/pillar_detail.html",
        {"pillar": pillar, "pillars": pillars, "action_items": items},
    )


def action_item_detail(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    plan = get_current_plan_or_404()
    item = get_object_or_404(
        ActionItem.objects.visible_to(request.user).for_listing(),
        pk=pk,
        pillar__plan=plan,
        pillar__number=number,
    )
    return render(request, "pillars/actionitem_detail.html", {"plan": plan, "item": item})


def hashtag_list(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    hashtags = tags_in_use(request)
    return render(request, "pillars/hashtag_list.html", {"plan": plan, "hashtags": hashtags})


def hashtag_detail(request: HttpRequest, name: str) -> HttpResponse:
    hashtag = hashtag_named(request, name)
    # The same lists for every visitor who sees only published content, until content
    # changes or the day does (the activities are those to come)
    items, activities, stories = kept_for_visitors(
        request,
        ("pillars.hashtag_page", hashtag.pk, timezone.localdate()),
        lambda: _hashtag_lists(request, hashtag),
    )
    if not items:
        get_current_plan_or_404()  # no published plan: no page (a query only then)
    return render(
        request,
        "pillars/hashtag_detail.html",
        {
            "hashtag": hashtag,
            "action_items": items,
            "activities": activities[:ACTIVITIES_SHOWN],
            "more_activities": len(activities) > ACTIVITIES_SHOWN,
            "stories": stories[:STORIES_SHOWN],
            "more_stories": len(stories) > STORIES_SHOWN,
        },
    )


def _hashtag_lists(
    request: HttpRequest, hashtag: Hashtag
) -> tuple[list[ActionItem], Sequence[Model], Sequence[Model]]:
    """A tag's action items, its next activities and its latest approved stories (one more of
    each than the page shows: its link then says there are more). The activities and stories
    are read through the tag's reverse relations: their apps are on the floors above."""
    # What the tag carries, as the tags in use counted it: a kind it carries none of is not
    # looked for (editors, who see drafts, look for everything)
    carried = tag_carries(request, hashtag)
    items = (
        list(
            hashtag.action_items.filter(pillar__plan=Plan.objects.current_pk())
            .visible_to(request.user)
            .for_cards()
            .order_by("pillar__number", "order", "pk")
        )
        if carried.action_items
        else []
    )
    activities = (
        list(hashtag.activities.public().for_listing().upcoming_first()[: ACTIVITIES_SHOWN + 1])
        if carried.activities
        else []
    )
    stories = (
        list(hashtag.stories.approved().for_listing()[: STORIES_SHOWN + 1])
        if carried.stories
        else []
    )
    return items, activities, stories


# --- The three driving forces ---------------------------------------------------------------


def force_list(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    forces = DrivingForce.objects.filter(plan=plan)
    return render(request, "pillars/drivingforce_list.html", {"plan": plan, "forces": forces})


def force_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Of the current plan (none: no plan, a 404)
    force = force_named(request, slug)
    # The same for every visitor who sees only published content, until content changes
    items, minutes = kept_for_visitors(
        request, ("pillars.force_page", force.pk), lambda: _force_lists(request, force)
    )
    return render(
        request,
        "pillars/drivingforce_detail.html",
        {"force": force, "action_items": items, "minutes_meetings": minutes},
    )


def _force_lists(
    request: HttpRequest, force: DrivingForce
) -> tuple[list[ActionItem], Sequence[Model]]:
    items = (
        ActionItem.objects.filter(driving_forces=force)
        .visible_to(request.user)
        .for_cards()
        .order_by("pillar__number", "order", "pk")
    )
    # The latest published minutes of the meetings that carry this force (networks' meetings,
    # a floor above: through the force's reverse relation)
    minutes = list(force.meetings.public().with_minutes()[:MEETINGS_WITH_MINUTES_SHOWN])
    return list(items), minutes
