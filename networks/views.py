import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.http import signed_in_user
from core.generation import kept_for_generation
from core.kana import GOJUON_ROWS
from networks import ical, open_data
from networks.filters import (
    OTHER_ROW,
    ActivityFilter,
    FacilityFilter,
    IndexedFilterSet,
    MemberFilter,
    row_key,
)
from networks.forms import map_settings
from networks.models import (
    Activity,
    ActivityOccurrence,
    ActivitySession,
    ContactPoint,
    District,
    Facility,
    Located,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    Member,
    Station,
    Theme,
)
from networks.permissions import can_register_attendance, can_view_document, is_network_member
from networks.place_map import StationGroup, group_by_station
from networks.services import (
    activities_roll_next_dates,
    meeting_cancel_attendance,
    meeting_register_attendance,
)

PER_PAGE = 20
UPCOMING_DATES = 6  # dates shown for a recurring activity
DAYS_OFF_SHOWN = 60  # without upcoming dates, the days off this far ahead are shown


# --- The directory: members and facilities --------------------------------------------------

FACILITY_CARD_FIELDS = (
    "name",
    "name_kana",
    "kana_row",
    "latitude",
    "longitude",
    "address",
    "is_sample",
    "member",
    "member__name",
    "member__is_sample",
    "district",
    "district__name",
)


def _page(request: HttpRequest, queryset: QuerySet, *, count: int | None = None) -> Page:
    paginator = (
        Paginator(queryset, PER_PAGE)
        if count is None
        else CountedPaginator(queryset, PER_PAGE, count)
    )
    return paginator.get_page(request.GET.get("page"))


class CountedPaginator(Paginator):
    """A paginator told how many rows its list has (counted with the 五十音 index, or kept
    until content changes), so it does not count them again."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def _kana_index(filterset: IndexedFilterSet) -> list[dict[str, object]]:
    """The 五十音 index entries: row key, label, how many results, whether it is chosen."""
    counts = filterset.row_counts()
    current = row_key(filterset.form.cleaned_data.get("row", ""))
    rows = [*GOJUON_ROWS, (OTHER_ROW, _("英数字・その他"))]
    return [
        {"key": key, "label": label, "count": counts.get(key, 0), "current": key == current}
        for key, label in rows
    ]


def _directory(
    request: HttpRequest,
    filterset: IndexedFilterSet,
    template: str,
    page: Page | None = None,
    **context: object,
) -> HttpResponse:
    if page is None:
        page = _listed_page(request, filterset)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "index": _kana_index(filterset),
            "row": row_key(filterset.form.cleaned_data.get("row", "")),
            **context,
        },
    )


def _listed_page(request: HttpRequest, filterset: IndexedFilterSet) -> Page:
    """The page of the directory's results, its rows read (by SQL kept per filter values)."""
    page = _page(request, filterset.qs, count=filterset.count())
    page.object_list = filterset.read(cast(QuerySet, page.object_list), "rows")
    return page


def _markers(places: list[Located]) -> list[dict[str, object]]:
    """The map's markers: the listed records (this page's) that have a location. Each is also a
    card in the list (`anchor`), so the map adds nothing the list lacks."""
    return [
        {
            "title": str(place),
            "url": place.get_absolute_url(),  # type: ignore[attr-defined]
            "lat": float(place.latitude),  # type: ignore[arg-type]
            "lng": float(place.longitude),  # type: ignore[arg-type]
        }
        for place in places
        if place.has_location
    ]


def _map_context(page: Page) -> dict[str, object]:
    return {"markers": _markers(list(page.object_list)), "map": map_settings()}


def member_list(request: HttpRequest) -> HttpResponse:
    members = (
        Member.objects.public()
        .in_gojuon_order()
        .prefetch_related(
            Prefetch("districts", to_attr="listed_districts"),
            Prefetch("themes", to_attr="listed_themes"),
        )
    )
    filterset = MemberFilter(
        request.GET, queryset=members, request=request, sql_key="networks.member_list"
    )
    return _directory(request, filterset, "networks/member_list.html")


def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = (
        Facility.objects.public()
        .in_gojuon_order()
        .select_related("member", "district")
        # What a card and the map show: not the notes, nor the member's profile
        .only(*FACILITY_CARD_FIELDS)
        .prefetch_related(Prefetch("target_groups", to_attr="listed_target_groups"))
    )
    filterset = FacilityFilter(
        request.GET, queryset=facilities, request=request, sql_key="networks.facility_list"
    )
    page = _listed_page(request, filterset)
    return _directory(
        request, filterset, "networks/facility_list.html", page=page, **_map_context(page)
    )


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.public().prefetch_related("districts", "themes"), pk=pk
    )
    facilities = (
        member.facilities.public()
        .in_gojuon_order()
        .select_related("district")
        .prefetch_related(Prefetch("target_groups", to_attr="listed_target_groups"))
    )
    activities = Activity.objects.public().filter(organiser=member).for_listing().upcoming_first()
    return render(
        request,
        "networks/member_detail.html",
        {"member": member, "facilities": facilities, "activities": activities},
    )


def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(
        Facility.objects.public()
        .select_related("member", "district")
        .prefetch_related("target_groups", "stations"),
        pk=pk,
    )
    activities = Activity.objects.public().filter(facility=facility).for_listing().upcoming_first()
    return render(
        request,
        "networks/facility_detail.html",
        {"facility": facility, "activities": activities},
    )


# --- Contact points (窓口) -------------------------------------------------------------------


@require_safe
def contact_point_list(request: HttpRequest) -> HttpResponse:
    contact_points = ContactPoint.objects.listed().with_schedule()
    return render(request, "networks/contactpoint_list.html", {"contact_points": contact_points})


@require_safe
def contact_point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_point = get_object_or_404(ContactPoint.objects.listed().with_schedule(), pk=pk)
    return render(
        request,
        "networks/contactpoint_detail.html",
        {"contact_point": contact_point, "stations": contact_point.stations.all()},
    )


# --- Activities -----------------------------------------------------------------------------


def activity_list(request: HttpRequest) -> HttpResponse:
    activities_roll_next_dates()  # a stored next date that has passed would sort first
    today = timezone.localdate()  # one day for the whole list, and for its SQL's key
    filterset = ActivityFilter(
        request.GET,
        queryset=Activity.objects.public(),
        request=request,
        sql_key="networks.activity_list",
        today=today,
    )
    activities = filterset.qs.for_listing()
    dates_chosen = filterset.dates_chosen  # ordered by the first date in the range
    if not dates_chosen:
        # Ordered by the stored next date: a walk of its index, stopped after the page's rows
        activities = activities.upcoming_first(today=today)
    # Unfiltered, the count is of every public activity: content alone, kept per process
    # and content generation (counting 20,000 took PostgreSQL some 3 ms a request)
    count = (
        None
        if set(request.GET) - {"page"}
        else kept_for_generation(request, ("networks.activity_count",), filterset.qs.count)
    )
    page = _page(request, activities, count=count)
    page.object_list = filterset.read(cast(QuerySet, page.object_list), "rows", today, dates_chosen)
    tag = filterset.form.cleaned_data.get("tag", "") if filterset.is_valid() else ""
    return render(
        request,
        "networks/activity_list.html",
        {
            "filter": filterset,
            "page": page,
            "tag": tag.lstrip("#＃"),
            "dates_chosen": dates_chosen,
            **_map_context(page),
        },
    )


def _public_activity(pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.public().select_related(
            "theme", "district", "organiser", "facility__member"
        ),
        pk=pk,
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _public_activity(pk)
    today = timezone.localdate()
    days_off: dict[dt.date, str] = {}
    if activity.is_recurring:
        dates = ActivityOccurrence.objects.filter(activity=activity, date__gte=today)
        upcoming = list(dates.values_list("date", flat=True)[:UPCOMING_DATES])
        sessions: list[ActivitySession] = []
        # The days it has off among the dates shown (the pause is said once, above them)
        until = upcoming[-1] if upcoming else today + dt.timedelta(days=DAYS_OFF_SHOWN)
        days_off = {
            date: reason
            for date, reason in activity.days_off_between(today, until).items()
            if not activity.is_paused_on(date)
        }
        next_on = upcoming[0] if upcoming else None
    else:
        upcoming = []
        sessions = [
            session
            for session in activity.sessions.filter(starts_at__date__gte=today)
            if not activity.is_paused_on(timezone.localtime(session.starts_at).date())
        ]
        next_on = timezone.localtime(sessions[0].starts_at).date() if sessions else None
    return render(
        request,
        "networks/activity_detail.html",
        {
            "activity": activity,
            "facility": activity.public_facility,
            "hashtags": activity.hashtags.all(),
            "stations": activity.stations.all(),
            "next_on": next_on,
            "upcoming_dates": upcoming,
            "days_off": days_off,
            "sessions": sessions,
        },
    )


# --- 居場所マップ: a printable list by station, with QR codes -------------------------------


def place_to_belong_maps(request: HttpRequest) -> HttpResponse:
    """The printable 居場所マップ there are: one per district and one per theme."""
    return render(
        request,
        "networks/place_to_belong_maps.html",
        {"districts": District.objects.all(), "themes": Theme.objects.all()},
    )


def _place_to_belong_map(
    request: HttpRequest, activities: QuerySet[Activity], *, area: str
) -> HttpResponse:
    groups: list[StationGroup] = group_by_station(
        activities.select_related("theme", "district", "organiser", "facility__member")
        .prefetch_related(Prefetch("stations", queryset=Station.objects.order_by("name_kana")))
        .order_by("pk"),
        site_url=settings.SITE_URL,
    )
    return render(request, "networks/place_to_belong_map.html", {"groups": groups, "area": area})


def place_to_belong_map_district(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    return _place_to_belong_map(
        request,
        Activity.objects.public().filter(district=district),
        area=_("%(name)s地区") % {"name": district.name},
    )


def place_to_belong_map_theme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return _place_to_belong_map(
        request,
        Activity.objects.public().filter(theme=theme),
        area=_("テーマ「%(name)s」") % {"name": theme.name},
    )


# --- iCalendar ------------------------------------------------------------------------------


def _calendar_response(lines: Iterator[str], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@require_safe
def activity_calendar(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """One activity: its dated sessions, or its rule as a recurring event (RRULE)."""
    activity = _public_activity(pk)
    url = request.build_absolute_uri(activity.get_absolute_url())
    if activity.is_recurring:
        event = ical.recurring_event(
            activity,
            today=timezone.localdate(),
            days_off=list(activity.days_off.all()),
            url=url,
            domain=_domain(),
        )
        if event is None:
            raise Http404("No upcoming date")
        events = [event]
    else:
        events = [
            ical.session_event(session, url=url, domain=_domain())
            for session in _with_activity(activity.sessions.all(), activity)
            if not activity.is_paused_on(timezone.localtime(session.starts_at).date())
        ]
    return _calendar_response(
        ical.calendar_lines(events, name=activity.title), filename=f"activity-{activity.pk}.ics"
    )


def _with_activity(sessions: QuerySet, activity: Activity) -> list[ActivitySession]:
    """The sessions with their (already loaded) activity attached: no query per session."""
    loaded = list(sessions)
    for session in loaded:
        session.activity = activity
    return loaded


@require_safe
def activity_feed(request: HttpRequest) -> StreamingHttpResponse:
    """The listed activities' dated sessions from today for the next 180 days (the list's
    filters apply); recurring activities each have their own file with the rule."""
    filterset = ActivityFilter(request.GET, queryset=Activity.objects.public(), request=request)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    horizon = today + dt.timedelta(days=ActivityOccurrence.HORIZON_DAYS)
    sessions = (
        ActivitySession.objects.filter(
            activity__in=filterset.qs.filter(schedule=Activity.Schedule.DATED).values("pk"),
            starts_at__gte=today,
            starts_at__lt=horizon,
        )
        .select_related("activity__organiser", "activity__facility__member")
        .order_by("starts_at", "pk")
    )

    def events() -> Iterator[ical.Event]:
        for session in sessions.iterator(chunk_size=500):
            if session.activity.is_paused_on(timezone.localtime(session.starts_at).date()):
                continue  # 休止中: the session does not take place
            url = request.build_absolute_uri(session.activity.get_absolute_url())
            yield ical.session_event(session, url=url, domain=_domain())

    return _calendar_response(
        ical.calendar_lines(events(), name=_("ねりま社会福祉法人等のネットの活動")),
        filename="activities.ics",
    )


# --- Open data ------------------------------------------------------------------------------


def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "networks/open_data.html", {"datasets": list(open_data.DATASETS.values())}
    )


@require_safe
def open_data_download(request: HttpRequest, slug: str, extension: str) -> StreamingHttpResponse:
    dataset = open_data.DATASETS.get(slug)
    if dataset is None or extension not in ("csv", "json"):
        raise Http404("No such dataset")
    site_url = request.build_absolute_uri("/").rstrip("/")
    if extension == "csv":
        chunks = open_data.csv_chunks(dataset, site_url=site_url)
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = open_data.json_chunks(dataset, site_url=site_url)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="nerima-network-{dataset.slug}.{extension}"'
    )
    return response


# --- The network's meetings -----------------------------------------------------------------

UPCOMING_MEETINGS = 20  # on the meetings page; past ones are paginated


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.visible(to_members=is_network_member(request.user)).for_listing()
    now = timezone.now()
    upcoming = list(meetings.upcoming(now=now)[:UPCOMING_MEETINGS])
    past = _page(request, meetings.past(now=now))
    return render(
        request,
        "networks/meeting_list.html",
        {"upcoming": upcoming, "page": past, "is_member": is_network_member(request.user)},
    )


def _visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible(to_members=is_network_member(request.user)).select_related(
            "district", "facility__member", "contact_point", "driving_force"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    user = request.user
    if request.method == "POST":
        if not is_network_member(user):
            raise PermissionDenied
        user = signed_in_user(request)
        if request.POST.get("action") == "cancel":
            if meeting_cancel_attendance(meeting=meeting, user=user):
                messages.success(request, _("出席の登録を取り消しました。"))
        elif can_register_attendance(user, meeting):
            meeting_register_attendance(meeting=meeting, user=user)
            messages.success(request, _("出席を登録しました。"))
        else:
            messages.error(request, _("この会議の出席は、もう登録できません。"))
        return redirect(meeting)
    documents = [doc for doc in meeting.documents.all() if can_view_document(user, doc)]
    member = is_network_member(user)
    return render(
        request,
        "networks/meeting_detail.html",
        {
            "meeting": meeting,
            "facility": meeting.facility
            if meeting.facility and meeting.facility.is_listed
            else None,
            "contact_point": meeting.public_contact_point,
            "materials": [d for d in documents if d.kind == MeetingDocument.Kind.MATERIAL],
            "minutes_documents": [d for d in documents if d.kind == MeetingDocument.Kind.MINUTES],
            "is_member": member,
            "registered": member
            and MeetingAttendance.is_registered(meeting, signed_in_user(request)),
            "attendance_count": meeting.attendances.count() if member else None,
            "may_register": can_register_attendance(user, meeting),
        },
    )


@require_safe
def meeting_document(request: HttpRequest, pk: int, document: int) -> FileResponse:
    """A meeting's PDF, for whoever may see it (never a public /media/ URL)."""
    found = get_object_or_404(
        MeetingDocument.objects.select_related("meeting"), pk=document, meeting_id=pk
    )
    if not can_view_document(request.user, found):
        raise Http404("No such document")
    try:
        file = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(file, content_type="application/pdf", filename=f"{found.title}.pdf")
    public = found.meeting.is_public and (
        found.kind == MeetingDocument.Kind.MATERIAL or found.meeting.minutes_are_published
    )
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return response


@require_safe
def meeting_feed(request: HttpRequest) -> StreamingHttpResponse:
    """The public meetings, from a year ago on, as an iCalendar feed."""
    since = timezone.now() - dt.timedelta(days=365)
    meetings = (
        Meeting.objects.filter(audience=Meeting.Audience.PUBLIC, starts_at__gte=since)
        .select_related("facility__member", "contact_point")
        .order_by("starts_at", "pk")
    )

    def events() -> Iterator[ical.Event]:
        for meeting in meetings.iterator(chunk_size=500):
            url = request.build_absolute_uri(meeting.get_absolute_url())
            yield ical.meeting_event(meeting, url=url, domain=_domain())

    return _calendar_response(
        ical.calendar_lines(events(), name=_("ねりま社会福祉法人等のネットの会議")),
        filename="meetings.ics",
    )
