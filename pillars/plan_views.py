"""The plan's own pages: the home page and the plan with its pillars and driving forces.

Served under the URL namespace "plan" (pillars/plan_urls.py): the pages show the plan, but
they are drawn from the plan's structure, which is this app's.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pillars.kept import tags_in_use
from pillars.models import DrivingForce, Pillar
from plan.models import Plan
from plan.shortcuts import get_current_plan_or_404


def home(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.current()
    context: dict[str, object] = {"plan": plan}
    if plan is not None:
        context |= {
            "pillars": Pillar.objects.filter(plan=plan),
            "forces": DrivingForce.objects.filter(plan=plan),
            "hashtags": tags_in_use(request),
        }
    return render(request, "plan/home.html", context)


def plan_detail(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    return render(
        request,
        "plan/plan_detail.html",
        {
            "plan": plan,
            "pillars": Pillar.objects.filter(plan=plan),
            "forces": DrivingForce.objects.filter(plan=plan),
        },
    )
