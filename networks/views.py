from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from networks.models import DrivingForce
from pillars.models import ActionItem
from plan.shortcuts import get_current_plan_or_404


def force_list(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    forces = DrivingForce.objects.filter(plan=plan)
    return render(request, "networks/drivingforce_list.html", {"plan": plan, "forces": forces})


def force_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_current_plan_or_404()
    force = get_object_or_404(DrivingForce, plan=plan, slug=slug)
    items = (
        ActionItem.objects.filter(driving_forces=force)
        .visible_to(request.user)
        .for_listing()
        .order_by("pillar__number", "order", "pk")
    )
    return render(
        request,
        "networks/drivingforce_detail.html",
        {"plan": plan, "force": force, "action_items": items},
    )
