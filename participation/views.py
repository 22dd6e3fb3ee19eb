"""Taking part: the join form (two steps), cancelling, the organiser's roster and its CSV,
and the private calendar feed. Permissions: participation.permissions; work: services."""

import datetime as dt
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.http import AuthenticatedHttpRequest
from core.spreadsheets import rows_to_csv
from networks.models import Activity
from participation import feeds, permissions, services
from participation.forms import AttendanceForm, JoinForm
from participation.models import Participation, ParticipationSettings


def _offer_or_404(pk: int) -> ParticipationSettings:
    offer = get_object_or_404(
        ParticipationSettings.objects.select_related("activity", "activity__organiser"),
        activity__pk=pk,
        activity__in=Activity.objects.public(),
    )
    return offer


# --- Joining ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Step 1 chooses the date and answers the question; step 2 confirms (`confirm` posted)."""
    offer = _offer_or_404(pk)
    activity = offer.activity
    dates = services.joinable_dates(offer)
    initial = {"date": request.GET.get("date", "")} if request.method != "POST" else None
    form = JoinForm(request.POST or None, initial=initial, offer=offer, dates=dates)
    confirming = False
    if request.method == "POST" and form.is_valid():
        date = form.chosen_date()
        try:
            services.check_joinable(offer, date=date)
            if "confirm" in request.POST:
                participation = services.participation_join(
                    user=request.user,
                    activity=activity,
                    date=date,
                    answer=form.cleaned_data.get("answer", ""),
                )
                if participation.status == Participation.Status.WAITING:
                    messages.success(request, _("キャンセル待ちで申し込みました。"))
                else:
                    messages.success(request, _("参加を申し込みました。"))
                return redirect("nerizu:me")
            already = (
                Participation.objects.active()
                .for_slot(activity, date)
                .filter(user=request.user)
                .exists()
            )
            if already:
                raise ValidationError(_("すでに申し込んでいます。マイページで確認できます。"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            confirming = True
    slot = None
    if confirming:
        slot = services.slots_of(offer, [form.chosen_date()])[0]
    return render(
        request,
        "participation/join_form.html",
        {
            "offer": offer,
            "activity": activity,
            "form": form,
            "confirming": confirming,
            "slot": slot,
            "slots": services.slots_of(offer, [None] if offer.is_series else dates),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participation = permissions.own_participation_or_404(request.user, pk)
    if request.method == "POST":
        services.participation_cancel(participation=participation)
        messages.success(request, _("申込みを取り消しました。"))
        return redirect("nerizu:me")
    return render(
        request, "participation/participation_confirm_cancel.html", {"participation": participation}
    )


# --- The organiser's roster --------------------------------------------------------------------


def _roster_date(request: HttpRequest) -> dt.date | None:
    value = request.GET.get("date", "")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("Not a date") from None


def _roster_rows(
    activity: Activity, offer: ParticipationSettings | None, date: dt.date | None
) -> list[Participation]:
    """A date's places (or the whole series'), waiting ones included. For a series on a date:
    the places held that day, each with that day's attendance as `attended`."""
    if offer is not None and offer.is_series and date is not None:
        held = services.series_dates_held(activity=activity, today=timezone.localdate())
        if date not in held:
            raise Http404("Not a past date of the series")
        return services.series_roster(activity=activity, date=date)
    return list(
        Participation.objects.for_slot(activity, date)
        .exclude(status=Participation.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roster(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An activity's dates with their counts; with ?date=, that date's roster (printable),
    and afterwards the attendance."""
    activity = permissions.roster_activity_or_404(request.user, pk)
    offer = getattr(activity, "participation_settings", None)
    date = _roster_date(request)
    context: dict = {
        "activity": activity,
        "offer": offer,
        "date": date,
        "can_export": permissions.can_export_roster(request.user, activity),
        "can_view_contact": permissions.can_view_contact(request.user, activity),
    }
    series = offer is not None and offer.is_series
    if date is None and not series:
        context["dates"] = _roster_dates(activity)
        return render(request, "participation/roster_dates.html", context)
    rows = _roster_rows(activity, offer, date)
    confirmed = [row for row in rows if row.status == Participation.Status.CONFIRMED]
    # Who may be ticked: a date's confirmed places; on a date of a series, every place held
    # that day (one cancelled since included)
    present = rows if series and date is not None else confirmed
    if series and date is None:  # a series' attendance is recorded date by date
        context["dates_held"] = services.series_dates_held(
            activity=activity, today=timezone.localdate()
        )
    form = None
    can_mark = permissions.can_mark_attendance(request.user, activity)
    if can_mark and date is not None and date <= timezone.localdate():
        choices = [(row.pk, row.user.name or row.user.email) for row in present]
        initial = {"attended": [row.pk for row in present if row.attended]}
        form = AttendanceForm(request.POST or None, initial=initial, choices=choices)
        if request.method == "POST" and form.is_valid():
            came = services.participations_mark_attendance(
                activity=activity,
                offer=offer,
                date=date,
                attended_ids=form.cleaned_data["attended"],
            )
            messages.success(request, _("出席を記録しました（%(n)d人）。") % {"n": came})
            return redirect(f"{request.path}?{urlencode({'date': str(date)})}")
    elif request.method == "POST":
        raise Http404("Attendance is marked after the date, by the organiser")
    context.update(
        {
            "rows": rows,
            "confirmed_count": len(confirmed),
            "attendance_form": form,
            "query": urlencode({"date": date.isoformat()}) if date else "",
        }
    )
    return render(request, "participation/roster.html", context)


def _roster_dates(activity: Activity) -> list[tuple[dt.date, int, int]]:
    """(date, confirmed, waiting) for every date someone joined, and the next open ones."""
    from django.db.models import Count, Q

    counts = (
        Participation.objects.filter(activity=activity, date__isnull=False)
        .order_by()
        .values("date")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Participation.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Participation.Status.WAITING)),
        )
    )
    found: dict[dt.date, tuple[int, int]] = {
        cast(dt.date, row["date"]): (row["confirmed"], row["waiting"]) for row in counts
    }
    upcoming = activity.occurrences.filter(date__gte=timezone.localdate()).values_list(
        "date", flat=True
    )[:10]
    for date in upcoming:
        found.setdefault(date, (0, 0))
    return [(date, *found[date]) for date in sorted(found)]


@login_required
@require_safe
def roster_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = permissions.roster_activity_or_404(request.user, pk)
    if not permissions.can_export_roster(request.user, activity):
        raise Http404("No export for this user")
    date = _roster_date(request)
    contact = permissions.can_view_contact(request.user, activity)
    header = [_("氏名"), _("状態"), _("質問への回答"), _("出席")]
    if contact:
        header.insert(1, _("メールアドレス"))
    attended = {True: _("出席"), False: _("欠席"), None: ""}
    lines = [header]
    offer = getattr(activity, "participation_settings", None)
    for row in _roster_rows(activity, offer, date):
        line = [row.user.name, row.get_status_display(), row.answer, attended[row.attended]]
        if contact:
            line.insert(1, row.user.email)
        lines.append(line)
    response = HttpResponse(rows_to_csv(lines), content_type="text/csv; charset=utf-8")
    name = f"roster-{activity.pk}-{date:%Y%m%d}.csv" if date else f"roster-{activity.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The private calendar ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make (or make again) the secret URL; it is shown once, right after it is made."""
    feed_url = None
    if request.method == "POST":
        token = services.calendar_feed_reset(user=request.user)
        feed_url = request.build_absolute_uri(reverse("participation:feed", args=[token]))
    has_feed = hasattr(request.user, "calendar_feed")
    return render(
        request,
        "participation/calendar_settings.html",
        {"feed_url": feed_url, "has_feed": has_feed},
    )


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = services.calendar_feed_owner(token)
    if user is None:
        raise Http404("No such calendar")
    response = HttpResponse(
        feeds.personal_calendar(user, request=request), content_type="text/calendar; charset=utf-8"
    )
    # Never in a shared cache (core.pagecache stores no private response): a reset ends it
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
