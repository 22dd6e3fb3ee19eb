from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from networks.models import DrivingForce
from pillars.models import Hashtag, Pillar
from plan.models import Plan
from plan.shortcuts import get_current_plan_or_404


def home(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.current()
    context: dict[str, object] = {"plan": plan}
    if plan is not None:
        context |= {
            "pillars": Pillar.objects.filter(plan=plan),
            "forces": DrivingForce.objects.filter(plan=plan),
            "hashtags": Hashtag.objects.in_use(request.user),
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
