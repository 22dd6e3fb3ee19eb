"""The staff workspace (/staff/): thin views over consultations' queries and services.

Every case is looked up through the visibility rule (`Case.objects.visible_to(user)` for
lists, `permissions.can_see_case` for one case by its number; a case the user may not see is
a 404, never a 403), every workflow is a service in consultations.services, and every
view, search and export of case data is written to the access log. StaffSessionMiddleware has
already turned away anyone who is not consultation staff with a second factor, so every
request here has a signed-in user (AuthenticatedHttpRequest).
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from consultations import disclosure, permissions, services
from consultations.models import Case, Entry, Inquiry, Person, Referral, Task
from core.compiled import read
from staff import forms, saved_search
from staff import reports as report_tables
from staff.case_rows import case_rows, join_rows
from staff.export import rows_to_csv
from staff.filters import CaseFilter
from staff.pagination import SEARCH_COUNT_CAP, CappedPaginator
from staff.timeline import timeline as case_timeline

CASES_PER_PAGE = 50
# The case page's forms, by the context name the template draws them under.
CASE_PAGE_FORMS = {
    "entry_form": forms.EntryForm,
    "referral_form": forms.ReferralForm,
    "consent_form": forms.ConsentForm,
    "task_form": forms.TaskForm,
    "flag_form": forms.FlagForm,
    "status_form": forms.StatusForm,
}
DASHBOARD_ROWS = 10
# The kinds of search whose words are kept in the session (staff.saved_search).
CASE_SEARCH = "cases"
PERSON_SEARCH = "persons"
FIND_PERSON = "find_person"  # marks the intake page's person search among its two POST forms
ADD_MEMBER_ROW = "add_member_row"  # the household's "行を増やす" button (no JavaScript needed)


def render(
    request: AuthenticatedHttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Every workspace page knows whether to offer the supervisors' menu item (reports)."""
    context = {**(context or {}), "staff_can_export": permissions.can_export(request.user)}
    return django_render(request, template, context, status=status)


def _visible_case(request: AuthenticatedHttpRequest, number: str) -> Case:
    """The case, if this user may see it; 404 otherwise (whether it exists or not).

    The case is read by its number with SQL compiled once per process (core.compiled), then
    held to the visibility rule by permissions.can_see_case, which gives visible_to's answer
    for one case: the same 404, without compiling visible_to's conditions on every request
    (2.4 → 1.2 ms a lookup)."""
    found = read(
        Case.objects.filter(number=number)
        .select_related("person", "district", "team")
        .annotate(
            primary_staff_name=_staff_name("primary_staff_id"),
            secondary_staff_name=_staff_name("secondary_staff_id"),
        ),
        "staff.visible_case",
        [number],
    )
    if not found or not permissions.can_see_case(request.user, found[0]):
        raise Http404
    return found[0]


def _staff_name(field: str) -> Subquery:
    """The case's 主担当 or 副担当 by name, which is all the case page shows of them. Joined
    (select_related) as well, the two users made the case's query a six-table join that
    PostgreSQL took 0.8 ms to plan, ten times its running; as subqueries, 0.3 ms."""
    return Subquery(User.objects.filter(pk=OuterRef(field)).values("name")[:1])


def _log(
    request: AuthenticatedHttpRequest, action: str, *, case: Case | None = None, detail: str = ""
) -> None:
    services.access_log(user=request.user, action=action, case=case, detail=detail, request=request)


# --- The day's work ----------------------------------------------------------------------------


@require_safe
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    visible = Case.objects.visible_to(user)
    # The panels' SQL is compiled once per process for each user's scope under the visibility
    # rule (core.compiled): the key is the scope, which is all the rule is built from (so a
    # change of team or role is a new key, never another user's answer), with every other
    # value the panel is built from. Compiling the four panels took ~3.3 ms of ~18 a request.
    scope = permissions.case_scope(user)

    def panel(queryset: QuerySet[Any], name: str, *built_from: object) -> list[Any]:
        if scope is None:
            return list(queryset)
        return read(queryset, ("staff.dashboard", name, scope, built_from), None)

    # Each panel reads the columns it shows and no more: no encrypted column is fetched, and
    # so none is decrypted, that the page does not draw (a task's title is).
    # The ten newest of the user's open cases are found in the list's covering index alone
    # (every column the conditions test is in it), and only those ten rows are read: as one
    # scan of the table, a case worker with a thousand open cases had as many rows read to
    # find the ten (bench/README.md).
    mine = (
        visible.filter(Q(primary_staff=user) | Q(secondary_staff=user))
        .open()
        .order_by("-received_on", "-pk")
    )
    my_cases = panel(
        Case.objects.filter(pk__in=mine.values("pk")[:DASHBOARD_ROWS])
        .select_related("person")
        .only("number", "status", "received_on", "person__kana")
        .order_by("-received_on", "-pk"),
        "my_cases",
        user.pk,
    )
    tasks = panel(
        Task.objects.filter(
            case__in=visible, assignee=user, done_on__isnull=True, due_on__lte=today
        )
        .select_related("case")
        .only("title", "due_on", "case__number")
        .order_by("due_on", "pk")[:DASHBOARD_ROWS],
        "tasks",
        user.pk,
        today,
    )
    inquiries = panel(
        _new_inquiries(request)
        .select_related(None)
        .only("reference", "topic", "received_at")[:DASHBOARD_ROWS],
        "inquiries",
        permissions.can_view_inquiries(user),
    )
    activity = panel(
        Entry.objects.filter(case__in=visible)
        .select_related("case", "staff")
        .only("occurred_on", "kind", "case__number", "staff__name")
        .order_by("-created_at", "-pk")[:DASHBOARD_ROWS],
        "activity",
    )
    _log(request, "view", detail="dashboard")
    return render(
        request,
        "staff/dashboard.html",
        {
            "my_cases": my_cases,
            "overdue_tasks": [task for task in tasks if task.due_on < today],
            "today_tasks": [task for task in tasks if task.due_on == today],
            "inquiries": inquiries,
            "activity": activity,
            "today": today,
        },
    )


def _new_inquiries(request: AuthenticatedHttpRequest) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.visible_to(request.user)
        .filter(status=Inquiry.Status.NEW)
        .select_related("district")
        .order_by("received_at")
    )


@require_safe
def inquiry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(_new_inquiries(request), CASES_PER_PAGE).get_page(request.GET.get("page"))
    _log(request, "view", detail="inquiries")
    return render(request, "staff/inquiry_list.html", {"page": page})


@require_POST
def inquiry_take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(_new_inquiries(request), pk=pk)
    try:
        case = services.inquiry_take(inquiry=inquiry, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:inquiries")
    messages.success(
        request,
        _("受付番号 %(reference)s の申込みを引き受け、相談ケース %(number)s を作りました。")
        % {"reference": inquiry.reference, "number": case.number},
    )
    return redirect("staff:case", number=case.number)


# --- Cases -------------------------------------------------------------------------------------


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list and its filters. The search words (a reading, a phone number) are POSTed and
    kept in the session (staff.saved_search): the result page's URL carries only a token, and
    the filters that name nobody (status, category, …)."""
    if request.method == "POST":
        return _case_search(request)
    if set(CaseFilter.SEARCH_FIELDS) & set(request.GET):
        # Words in the URL are refused, not used: the URL has already been logged on the way.
        messages.info(request, _("検索する言葉は、検索欄に入力してください。"))
        query = request.GET.copy()
        for name in CaseFilter.SEARCH_FIELDS:
            query.pop(name, None)
        return _see_other(reverse("staff:cases"), query)
    data = request.GET.copy()
    token = data.pop(saved_search.PARAMETER, [None])[-1]
    terms = saved_search.recall(request.session, CASE_SEARCH, token) if token else {}
    data.update(terms or {})
    return _case_list_page(request, data, search_lost=terms is None)


def _case_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A search posted from the list: its words go to the session, the browser to the list."""
    case_filter = CaseFilter(request.POST, queryset=Case.objects.none(), user=request.user)
    if not case_filter.form.is_valid():
        return _case_list_page(request, request.POST, status=400)
    query = QueryDict(mutable=True)
    for name in case_filter.form.fields:
        value = request.POST.get(name, "")
        if value and name not in CaseFilter.SEARCH_FIELDS:
            query[name] = value
    terms = {
        name: case_filter.form.cleaned_data[name]
        for name in CaseFilter.SEARCH_FIELDS
        if case_filter.form.cleaned_data.get(name)
    }
    if terms:
        query[saved_search.PARAMETER] = saved_search.remember(request.session, CASE_SEARCH, terms)
    return _see_other(reverse("staff:cases"), query)


def _case_list_page(
    request: AuthenticatedHttpRequest,
    data: QueryDict,
    *,
    search_lost: bool = False,
    status: int = 200,
) -> HttpResponse:
    visible = Case.objects.visible_to(request.user).order_by("-received_on", "-pk")
    if search_lost:  # a token this session does not hold: another session's, or expired
        visible = visible.none()
    case_filter = CaseFilter(data, queryset=visible, user=request.user)
    cap = SEARCH_COUNT_CAP if case_filter.searches() else None  # None: the list's own cap
    page = CappedPaginator(case_filter.qs, CASES_PER_PAGE, cap=cap).get_page(data.get("page"))
    # Only what the table shows, as plain values: no encrypted column (the concern, the
    # person's name and contact details) is fetched, so none is decrypted for the list.
    rows = join_rows(
        case_rows(
            cast("QuerySet[Case]", page.object_list),
            forms.listed_rows(case_filter.form.fields["category"]),  # the filter's rows
        )
    )
    terms = case_filter.terms()
    _log(request, "search" if terms else "view", detail=terms or "cases")
    return render(
        request,
        "staff/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "rows": rows,
            "searched": bool(terms),
            "search_lost": search_lost,
        },
        status=status,
    )


def _see_other(path: str, query: QueryDict) -> HttpResponse:
    """303: the browser GETs the page (a reload does not post the search again)."""
    url = f"{path}?{query.urlencode()}" if query else path
    return HttpResponseRedirect(url, status=303)


@sensitive_post_parameters()
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Intake (受付) on one page: find the person first, then the case; nothing typed is lost.

    The person search is POSTed like the case list's (its words name someone): they are kept
    in the session and the page's URL carries a token (staff.saved_search)."""
    if request.method == "POST" and FIND_PERSON in request.POST:
        return _person_search(request)
    if set(forms.PersonSearchForm.base_fields) & set(request.GET):
        messages.info(request, _("検索する言葉は、検索欄に入力してください。"))
        return _see_other(reverse("staff:case_create"), QueryDict())
    token = request.GET.get(saved_search.PARAMETER)
    terms = saved_search.recall(request.session, PERSON_SEARCH, token) if token else None
    search = forms.PersonSearchForm(terms)  # unbound without terms (none, or not this session's)
    matches = search.matches(request.user) if search.is_bound and search.is_valid() else None
    if matches is not None:
        _log(request, "search", detail=search.terms())
    chosen = forms.chosen_person(request, request.POST.get("person") or request.GET.get("person"))
    if request.method == "POST" and ADD_MEMBER_ROW in request.POST:
        form, household = _with_another_row(
            forms.IntakeForm(request.POST, user=request.user, person=chosen),
            forms.household_formset(request.POST),
            lambda initial: forms.IntakeForm(initial=initial, user=request.user, person=chosen),
        )
    elif request.method == "POST":
        form = forms.IntakeForm(request.POST, user=request.user, person=chosen)
        household = forms.household_formset(request.POST)
        if form.is_valid() and household.is_valid():
            try:
                case = services.case_create(
                    user=request.user,
                    request=request,
                    household=[_new_member(row) for row in household.rows()],
                    **form.service_fields(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("相談ケース %(number)s を受け付けました。") % {"number": case.number}
                )
                return redirect("staff:case", number=case.number)
    elif request.method in ("GET", "HEAD"):
        form = forms.IntakeForm(user=request.user, person=chosen)
        household = forms.household_formset()
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(
        request,
        "staff/case_form.html",
        {
            "form": form,
            "household": household,
            "search": search,
            "matches": matches,
            "chosen": chosen,
            "search_lost": bool(token) and terms is None,
        },
        status=400 if form.errors or household.total_error_count() else 200,
    )


def _new_member(row: dict[str, Any]) -> dict[str, Any]:
    """An intake's household row as case_create takes it (no existing member to change)."""
    return {name: value for name, value in row.items() if name not in ("member", "remove")}


def _with_another_row(
    form: forms.ServiceForm,
    household: forms.HouseholdFormSet,
    unbound: Callable[[dict[str, Any]], forms.ServiceForm],
) -> tuple[forms.ServiceForm, forms.HouseholdFormSet]:
    """ "行を増やす": the same page again, everything typed kept (as initial values, so no
    error shows for what is not filled in yet), with one more empty household row."""
    initial = {name: form[name].data for name in form.fields}
    rows = forms.redrawn(household)
    empty_rows = max(household.total_form_count() - len(rows), 0)
    return unbound(initial), forms.household_formset(
        initial=rows, members=list(household.members.values()), extra=empty_rows + 1
    )


def _person_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The intake page's person search, posted: its words go to the session."""
    search = forms.PersonSearchForm(request.POST)
    if not search.is_valid():
        form = forms.IntakeForm(user=request.user, person=None)
        context = {"form": form, "search": search, "matches": None, "chosen": None}
        return render(request, "staff/case_form.html", context, status=400)
    terms = {name: request.POST.get(name, "") for name in search.fields}
    query = QueryDict(mutable=True)
    query[saved_search.PARAMETER] = saved_search.remember(request.session, PERSON_SEARCH, terms)
    return _see_other(reverse("staff:case_create"), query)


@require_safe
def case_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    case = _visible_case(request, number)
    _log(request, "view", case=case)
    return _case_page(request, case)


def _case_page(request: AuthenticatedHttpRequest, case: Case, **bound: Any) -> HttpResponse:
    """The case page, with any form that failed validation drawn bound (errors, input kept)."""
    user = request.user
    person = case.person
    # The case's records, by SQL compiled once per process (core.compiled): the same
    # querysets and rows, but not compiled again on every request.
    on_case = [case.pk]
    entries = read(
        Entry.objects.filter(case=case).select_related("staff").order_by("occurred_on", "pk"),
        "case_page.entries",
        on_case,
    )
    by_pk = {entry.pk: entry for entry in entries}
    timeline = []
    for entry in entries:
        if entry.superseded:
            continue
        history, previous = [], entry.version_of_id
        while previous in by_pk:  # the versions this one corrects, newest first
            history.append(by_pk[previous])
            previous = by_pk[previous].version_of_id
        timeline.append((entry, history))
    context = {
        "case": case,
        "flags": read(case.flags.filter(active=True).order_by("pk"), "case_page.flags", on_case),
        "timeline": case_timeline(case.number, timeline),
        "referrals": [
            (referral, _referral_form(referral, failed=bound.get("referral_update")))
            for referral in read(
                Referral.objects.filter(case=case)
                .select_related("destination", "consent")
                .order_by("-pk"),
                "case_page.referrals",
                on_case,
            )
        ],
        "tasks": read(
            case.tasks.select_related("assignee").order_by("done_on", "due_on", "pk"),
            "case_page.tasks",
            on_case,
        ),
        "consents": (
            read(
                person.consents.prefetch_related("destinations").order_by("-pk"),
                "case_page.consents",
                [person.pk],
            )
            if person is not None
            else []
        ),
        "categories": read(case.categories.all(), "case_page.categories", on_case),
        "household": read(case.household_members.current(), "case_page.household", on_case),
        "can_correct_intake": permissions.can_correct_intake(user, case),
        "can_view_access_log": permissions.can_view_access_log(user, case),
        "can_disclose": disclosure.can_disclose_person_of(user, case),
        **{
            name: bound.get(name) or form_class(case=case, user=user)
            for name, form_class in CASE_PAGE_FORMS.items()
        },
    }
    if person is not None:  # the consent form is drawn only for a case with a person
        forms.share_case_page_choices(
            context["referral_form"], context["consent_form"], context["consents"]
        )
    return render(request, "staff/case_detail.html", context, status=400 if bound else 200)


def _referral_form(
    referral: Referral, *, failed: forms.ReferralUpdateForm | None
) -> forms.ReferralUpdateForm:
    """The referral's follow-up form: the one that just failed (errors, input), or a new one."""
    if failed is not None and failed.referral.pk == referral.pk:
        return failed
    return forms.ReferralUpdateForm(referral=referral)


def _post_to_case(
    request: AuthenticatedHttpRequest,
    number: str,
    form_class: type[forms.CasePageForm],
    form_name: str,
    save: Callable[[Case, forms.CasePageForm], object],
    done: str,
) -> HttpResponse:
    """One of the case page's forms: run the service, or draw the page again with the errors."""
    case = _visible_case(request, number)
    form = form_class(request.POST, case=case, user=request.user)
    if form.is_valid():
        try:
            save(case, form)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:case", number=case.number)
    return _case_page(request, case, **{form_name: form})


@require_POST
@sensitive_post_parameters()
def entry_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _post_to_case(
        request,
        number,
        forms.EntryForm,
        "entry_form",
        lambda case, form: services.entry_add(
            case=case, user=request.user, request=request, **form.cleaned_data
        ),
        _("経過記録を追加しました。"),
    )


@sensitive_post_parameters()
def entry_correct(request: AuthenticatedHttpRequest, number: str, pk: int) -> HttpResponse:
    """A correction is a new version; the old entry stays, marked as corrected."""
    case = _visible_case(request, number)
    entry = get_object_or_404(Entry.objects.filter(case=case, superseded=False), pk=pk)
    if request.method == "POST":
        form = forms.EntryForm(request.POST, case=case, user=request.user)
        if form.is_valid():
            try:
                services.entry_correct(
                    entry=entry, user=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("経過記録を訂正しました。元の記録も残っています。"))
                return redirect("staff:case", number=case.number)
    elif request.method in ("GET", "HEAD"):
        form = forms.EntryForm(case=case, user=request.user, instance_values=entry)
        _log(request, "view", case=case, detail=f"entry {entry.pk}")
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(
        request,
        "staff/entry_correct.html",
        {"case": case, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@sensitive_post_parameters()
def referral_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _post_to_case(
        request,
        number,
        forms.ReferralForm,
        "referral_form",
        lambda case, form: services.referral_create(
            case=case, user=request.user, request=request, **form.cleaned_data
        ),
        _("つなぎ（紹介）を記録しました。"),
    )


@require_POST
def referral_update(request: AuthenticatedHttpRequest, number: str, pk: int) -> HttpResponse:
    case = _visible_case(request, number)
    referral = get_object_or_404(Referral.objects.filter(case=case), pk=pk)
    form = forms.ReferralUpdateForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.referral_update(
                referral=referral, user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(destination)s へのつなぎを更新しました。")
                % {"destination": referral.destination.name},
            )
            return redirect("staff:case", number=case.number)
    return _case_page(request, case, referral_update=form)


@require_POST
def consent_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    person = _visible_case(request, number).person
    if person is None:
        raise Http404  # an anonymous case has nobody to give consent
    return _post_to_case(
        request,
        number,
        forms.ConsentForm,
        "consent_form",
        lambda case, form: services.consent_record(
            person=person, user=request.user, request=request, **form.cleaned_data
        ),
        _("同意を記録しました。"),
    )


@require_POST
def task_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _post_to_case(
        request,
        number,
        forms.TaskForm,
        "task_form",
        lambda case, form: services.task_add(
            case=case, user=request.user, request=request, **form.cleaned_data
        ),
        _("フォローアップの予定を追加しました。"),
    )


@require_POST
def task_complete(request: AuthenticatedHttpRequest, number: str, pk: int) -> HttpResponse:
    case = _visible_case(request, number)
    task = get_object_or_404(Task.objects.filter(case=case, done_on__isnull=True), pk=pk)
    services.task_complete(task=task, user=request.user, request=request)
    messages.success(request, _("「%(title)s」を完了にしました。") % {"title": task.title})
    return redirect("staff:case", number=case.number)


@require_POST
def flag_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _post_to_case(
        request,
        number,
        forms.FlagForm,
        "flag_form",
        lambda case, form: services.flag_add(
            case=case, user=request.user, request=request, **form.cleaned_data
        ),
        _("注意事項を追加しました。"),
    )


@require_POST
def flag_deactivate(request: AuthenticatedHttpRequest, number: str, pk: int) -> HttpResponse:
    case = _visible_case(request, number)
    flag = get_object_or_404(case.flags.filter(active=True), pk=pk)
    services.flag_deactivate(flag=flag, user=request.user, request=request)
    messages.success(
        request, _("注意「%(kind)s」を外しました。") % {"kind": flag.get_kind_display()}
    )
    return redirect("staff:case", number=case.number)


@require_POST
def status_change(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _post_to_case(
        request,
        number,
        forms.StatusForm,
        "status_form",
        lambda case, form: services.case_change_status(
            case=case,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
            request=request,
        ),
        _("状態を変更しました。"),
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def intake_correct(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """Correct the intake details with a reason: a supervisor, or the 主担当 within a day
    (permissions.can_correct_intake). Others who may see the case get 403."""
    case = _visible_case(request, number)
    if not permissions.can_correct_intake(request.user, case):
        raise PermissionDenied
    members = list(case.household_members.current())
    if request.method == "POST" and ADD_MEMBER_ROW in request.POST:
        form, household = _with_another_row(
            forms.IntakeCorrectionForm(request.POST, case=case),
            forms.household_formset(request.POST, members=members),
            lambda initial: forms.IntakeCorrectionForm(initial=initial, case=case),
        )
    elif request.method == "POST":
        form = forms.IntakeCorrectionForm(request.POST, case=case)
        household = forms.household_formset(request.POST, members=members)
        if form.is_valid() and household.is_valid():
            try:
                services.case_correct_intake(
                    case=case,
                    user=request.user,
                    request=request,
                    household=household.rows(),
                    **form.service_fields(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("受付内容を訂正しました。訂正前の内容は履歴に残っています。")
                )
                return redirect("staff:intake_history", number=case.number)
    else:
        form = forms.IntakeCorrectionForm(case=case)
        household = forms.household_formset(members=members)
        _log(request, "view", case=case, detail="intake correction")
    return render(
        request,
        "staff/intake_correct.html",
        {"case": case, "form": form, "household": household},
        status=400 if form.errors or household.total_error_count() else 200,
    )


@require_safe
def intake_history(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The corrections of a case's intake: who, when, why, and each value before and after."""
    case = _visible_case(request, number)
    corrections = list(case.corrections.select_related("user").order_by("-at", "-pk"))
    _log(request, "view", case=case, detail="intake history")
    return render(
        request,
        "staff/intake_history.html",
        {
            "case": case,
            "corrections": corrections,
            "can_correct_intake": permissions.can_correct_intake(request.user, case),
        },
    )


@require_safe
def case_access_log(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """Who opened this case, when, from where: for the team's supervisors."""
    case = _visible_case(request, number)
    if not permissions.can_view_access_log(request.user, case):
        raise Http404
    _log(request, "view", case=case, detail="access log")
    page = Paginator(
        case.access_log.select_related("user").order_by("-at", "-pk"), CASES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "staff/case_access_log.html", {"case": case, "page": page})


# --- Supervisors -------------------------------------------------------------------------------


def _require_export(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_export(request.user):
        raise Http404


@require_safe
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_export(request)
    period = forms.ReportPeriodForm(request.GET or None)
    start, end = period.period()
    tables = report_tables.build(Case.objects.visible_to(request.user), start=start, end=end)
    _log(request, "view", detail=f"reports {start}..{end}")
    return render(
        request,
        "staff/reports.html",
        {"period": period, "start": start, "end": end, "tables": tables},
    )


@require_safe
def reports_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_export(request)
    period = forms.ReportPeriodForm(request.GET or None)
    start, end = period.period()
    tables = report_tables.build(Case.objects.visible_to(request.user), start=start, end=end)
    _log(request, "export", detail=f"reports.csv {start}..{end}")
    response = HttpResponse(
        rows_to_csv(report_tables.csv_rows(tables)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-statistics-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    )
    return response


@require_safe
def person_disclosure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything held on one person, as one printable page (開示請求への対応)."""
    _require_export(request)
    visible_cases = Case.objects.visible_to(request.user)
    person = get_object_or_404(
        Person.objects.filter(pk__in=visible_cases.values("person_id")), pk=pk
    )
    document = disclosure.build(person, request.user)
    services.access_log(
        user=request.user, action="export", detail="disclosure", request=request, person=person
    )
    return render(
        request,
        "staff/person_disclosure.html",
        {"person": person, "document": document, "generated_at": timezone.now()},
    )
