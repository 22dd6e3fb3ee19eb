from django.http import Http404

from plan.models import Plan


def get_current_plan_or_404() -> Plan:
    """The plan the public pages show; 404 until one is published."""
    plan = Plan.objects.current()
    if plan is None:
        raise Http404("No published plan")
    return plan
