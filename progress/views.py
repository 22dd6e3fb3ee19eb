"""Public pages of the plan's progress: by pillar, driving force and district; one action item;
the yearly evaluation. Each renders in a fixed number of queries (tests/progress)."""

from collections import defaultdict

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.fiscal_year import current_fiscal_year, fiscal_year_label
from core.photos import photo_response
from networks.models import District
from pillars.models import ActionItem, DrivingForce, Pillar
from plan.models import Plan
from plan.shortcuts import get_current_plan_or_404
from progress.charts import indicator_chart, number
from progress.computation import (
    IndicatorReading,
    LiveCounts,
    RollUp,
    item_progress,
    prefetched,
    progress_of_items,
    rounded_percent,
    with_progress_data,
)
from progress.models import Evaluation, PillarComment, TimelineEntry


def _published_items(plan: Plan) -> QuerySet[ActionItem]:
    items = ActionItem.objects.filter(pillar__plan=plan).published()
    return with_progress_data(items).order_by("pillar__number", "order", "pk")


def _evaluation_years(plan: Plan) -> list[dict]:
    years = (
        Evaluation.objects.published()
        .filter(action_item__pillar__plan=plan)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return [{"year": year, "label": fiscal_year_label(year)} for year in years]


def _context(plan: Plan, view: str, **extra: object) -> dict:
    fiscal_year = current_fiscal_year()
    return {
        "plan": plan,
        "view": view,
        "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        **extra,
    }


@require_safe
def progress_by_pillar(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    pillars = list(Pillar.objects.filter(plan=plan).order_by("number"))
    progresses = progress_of_items(_published_items(plan))
    by_pillar = defaultdict(list)
    for progress in progresses:
        by_pillar[progress.item.pillar_id].append(progress)
    sections = [(pillar, RollUp(by_pillar[pillar.pk])) for pillar in pillars]
    return render(
        request,
        "progress/progress_by_pillar.html",
        _context(
            plan,
            "pillars",
            sections=sections,
            evaluation_years=_evaluation_years(plan),
        ),
    )


@require_safe
def progress_by_force(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    forces = list(DrivingForce.objects.filter(plan=plan).order_by("number"))
    items = _published_items(plan).prefetch_related("driving_forces")
    by_force = defaultdict(list)
    for progress in progress_of_items(items):
        for force in progress.item.driving_forces.all():
            by_force[force.pk].append(progress)
    sections = [(force, RollUp(by_force[force.pk])) for force in forces]
    return render(
        request, "progress/progress_by_force.html", _context(plan, "forces", sections=sections)
    )


class DistrictSection:
    """A district's indicators (or the ward's, when district is None) and their mean."""

    def __init__(self, district: District | None) -> None:
        self.district = district
        self.readings: list[tuple[ActionItem, IndicatorReading]] = []

    @property
    def rounded(self) -> int | None:
        if not self.readings:
            return None
        return rounded_percent(sum(r.part for _item, r in self.readings) / len(self.readings))


@require_safe
def progress_by_district(request: HttpRequest) -> HttpResponse:
    plan = get_current_plan_or_404()
    districts = list(District.objects.order_by("order", "pk"))
    sections = {district.pk: DistrictSection(district) for district in districts}
    ward = DistrictSection(None)
    for progress in progress_of_items(_published_items(plan)):
        for reading in progress.indicators:
            section = sections.get(reading.indicator.district_id, ward)
            section.readings.append((progress.item, reading))
    return render(
        request,
        "progress/progress_by_district.html",
        _context(plan, "districts", sections=list(sections.values()), ward=ward),
    )


@require_safe
def action_item_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_current_plan_or_404()
    items = with_progress_data(
        ActionItem.objects.visible_to(request.user).filter(pillar__plan=plan), series=True
    )
    item = get_object_or_404(items, pk=pk)
    years = range(plan.start_fiscal_year, plan.end_fiscal_year + 1)
    progress = item_progress(item, counts=LiveCounts(), years=years)
    indicators = [
        {
            "reading": reading,
            "chart": indicator_chart(reading),
            "rows": [(fiscal_year_label(fy), number(value)) for fy, value in reading.series],
        }
        for reading in progress.indicators
    ]
    evaluations = list(item.evaluations.published().order_by("-fiscal_year"))
    return render(
        request,
        "progress/actionitem_progress.html",
        _context(
            plan,
            "item",
            item=item,
            progress=progress,
            indicators=indicators,
            milestones=prefetched(item, "milestones"),
            timeline=list(item.timeline_entries.all()),
            evaluations=evaluations,
            target_year_label=_("%(year)d年度") % {"year": plan.end_fiscal_year},
        ),
    )


@require_safe
def evaluation(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    plan = get_current_plan_or_404()
    if not plan.start_fiscal_year <= fiscal_year <= plan.end_fiscal_year:
        raise Http404("Not a fiscal year of the plan")
    pillars = list(Pillar.objects.filter(plan=plan).order_by("number"))
    evaluations = (
        Evaluation.objects.published()
        .filter(fiscal_year=fiscal_year, action_item__pillar__plan=plan)
        .filter(action_item__status=ActionItem.Status.PUBLISHED)
        .select_related("action_item")
        .order_by("action_item__order", "action_item__pk")
    )
    comments = PillarComment.objects.filter(
        fiscal_year=fiscal_year, pillar__plan=plan, is_published=True
    )
    by_pillar = defaultdict(list)
    for item_evaluation in evaluations:
        by_pillar[item_evaluation.action_item.pillar_id].append(item_evaluation)
    comment_of = {comment.pillar_id: comment for comment in comments}
    sections = [
        {
            "pillar": pillar,
            "evaluations": by_pillar[pillar.pk],
            "comment": comment_of.get(pillar.pk),
        }
        for pillar in pillars
    ]
    return render(
        request,
        "progress/evaluation_report.html",
        {
            "plan": plan,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": fiscal_year_label(fiscal_year),
            "sections": sections,
            "has_evaluations": any(s["evaluations"] for s in sections),
            "grades": [
                (grade.value, str(grade.label).split("：", 1)[-1]) for grade in Evaluation.Grade
            ],
            "origin": f"{request.scheme}://{request.get_host()}",
        },
    )


@require_safe
def timeline_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A timeline entry's photo, for anyone who may see its action item."""
    entry = get_object_or_404(
        TimelineEntry.objects.filter(action_item__in=ActionItem.objects.visible_to(request.user)),
        pk=pk,
    )
    return photo_response(request, entry.photo)
