"""Pages of a member organisation's editors (/network/editor/): their entries, changes proposed
to coordinators (and withdrawn while they wait), the invitation's first step, and the
reminder's 「変更なし」 confirmation.

Which records an editor reaches is networks.permissions' question (their own organisation's
only, 404 for anything else); the work is done in networks.services. Nothing here is cached.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import InvitationPasswordForm
from accounts.http import AuthenticatedHttpRequest
from accounts.invitation_pages import InvitationPages
from accounts.models import User
from accounts.onboarding import invitee_sign_in
from networks import editing, permissions, services
from networks.editor_forms import (
    ActivityEditForm,
    FacilityEditForm,
    MemberEditForm,
)
from networks.models import Activity, EditorInvitation, Facility, Member, Proposal

PAGES = InvitationPages(
    session_key="networks.editor_invitation",
    unusable_template="networks/editor/invitation_unusable.html",
)


def _editor_page(view: Any) -> Any:
    """Signed in (else the login page), never cached; the permission lookups give the 404."""
    return never_cache(login_required(view))


@_editor_page
@require_safe
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's entries with their 確認日, and its proposals (the latest first)."""
    member = permissions.member_to_edit_or_404(request.user)
    facilities = Facility.objects.filter(member=member).only(
        "pk", "name", "last_confirmed_on", "is_listed", "member_id"
    )
    activities = Activity.objects.filter(organiser=member).only(
        "pk", "title", "last_confirmed_on", "is_listed", "organiser_id"
    )
    proposals = Proposal.objects.filter(member=member).only(
        "pk", "kind", "target_id", "state", "created_at", "after", "before", "member_id"
    )[:50]
    return render(
        request,
        "networks/editor/home.html",
        {
            "member": member,
            "facilities": facilities,
            "activities": activities,
            "proposals": proposals,
        },
    )


def _propose(
    request: AuthenticatedHttpRequest,
    *,
    kind: str,
    form: ModelForm,
    target: Any,
    heading: str,
) -> HttpResponse:
    member = permissions.member_to_edit_or_404(request.user)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_submit(
            member=member,
            kind=kind,
            after=editing.from_form(form.cleaned_data, kind),
            by=request.user,
            target=target,
        )
        if proposal is None:
            messages.info(request, _("変更された項目はありません。"))
            return redirect("editor:home")
        messages.success(
            request,
            _("変更を提案しました。コーディネーターが確認するまで、公開中の情報はそのままです。"),
        )
        return redirect("editor:proposal", pk=proposal.pk)
    # A proposal for this entry still waiting: said on the form, so nobody proposes twice
    # without knowing (a second proposal is allowed: each applies only its own changes)
    waiting = None
    if target is not None:
        waiting = (
            Proposal.objects.pending()
            .filter(member=member, kind=kind, target_id=target.pk)
            .only("pk", "created_at")
            .first()
        )
    return render(
        request,
        "networks/editor/entry_form.html",
        {"form": form, "heading": heading, "member": member, "target": target, "waiting": waiting},
    )


@_editor_page
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = permissions.member_to_edit_or_404(request.user)
    form = MemberEditForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    return _propose(
        request,
        kind=Proposal.Kind.MEMBER,
        form=form,
        target=member,
        heading=_("法人・団体の情報を変更する"),
    )


@_editor_page
@require_http_methods(["GET", "HEAD", "POST"])
def facility_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    facility = permissions.facility_to_edit_or_404(request.user, pk)
    form = FacilityEditForm(request.POST or None, instance=Facility.objects.get(pk=facility.pk))
    return _propose(
        request,
        kind=Proposal.Kind.FACILITY,
        form=form,
        target=facility,
        heading=_("「%(name)s」を変更する") % {"name": facility.name},
    )


@_editor_page
@require_http_methods(["GET", "HEAD", "POST"])
def facility_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = permissions.member_to_edit_or_404(request.user)
    form = FacilityEditForm(request.POST or None, instance=Facility(member=member))
    return _propose(
        request,
        kind=Proposal.Kind.FACILITY,
        form=form,
        target=None,
        heading=_("施設・事業所を追加する"),
    )


@_editor_page
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = permissions.activity_to_edit_or_404(request.user, pk)
    form = ActivityEditForm(
        request.POST or None,
        instance=Activity.objects.get(pk=activity.pk),
        member=activity.organiser,
    )
    return _propose(
        request,
        kind=Proposal.Kind.ACTIVITY,
        form=form,
        target=activity,
        heading=_("「%(name)s」を変更する") % {"name": activity.title},
    )


@_editor_page
@require_http_methods(["GET", "HEAD", "POST"])
def activity_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = permissions.member_to_edit_or_404(request.user)
    form = ActivityEditForm(
        request.POST or None, instance=Activity(organiser=member), member=member
    )
    return _propose(
        request, kind=Proposal.Kind.ACTIVITY, form=form, target=None, heading=_("活動を追加する")
    )


@_editor_page
@require_safe
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_to_view_or_404(request.user, pk)
    return render(
        request,
        "networks/editor/proposal_detail.html",
        {"proposal": proposal, "rows": editing.comparison(proposal)},
    )


def _not_withdrawable(state: str) -> str:
    """Why a proposal that no longer waits cannot be withdrawn."""
    if state == Proposal.State.APPROVED:
        return _("この提案は、すでにコーディネーターが承認したため、取り下げられません。")
    if state == Proposal.State.SENT_BACK:
        return _("この提案は、すでにコーディネーターが差し戻したため、取り下げられません。")
    return _("この提案は、すでに取り下げられています。")


@_editor_page
@require_POST
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """「提案を取り下げる」: a proposal still waiting, of the editor's own organisation."""
    proposal = permissions.proposal_to_view_or_404(request.user, pk)
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except services.ProposalDecidedError as error:
        messages.error(request, _not_withdrawable(error.state))
        return redirect("editor:proposal", pk=proposal.pk)
    messages.success(
        request,
        _("提案を取り下げました。コーディネーターは確認しません。公開中の情報はそのままです。"),
    )
    return redirect("editor:home")


@_editor_page
@require_POST
def confirm_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    """「変更なし」 from the editor's page."""
    member = permissions.member_to_edit_or_404(request.user)
    services.member_confirm_unchanged(member=member)
    messages.success(request, _("確認しました。確認日を今日にしました。ありがとうございます。"))
    return redirect("editor:home")


# --- The reminder's link: a page with one button (a GET changes nothing) ------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    editor = services.confirm_token_editor(token)
    if editor is None:
        return render(request, "networks/editor/confirm_unusable.html", status=404)
    done = False
    if request.method == "POST":
        services.member_confirm_unchanged(member=editor.member)
        done = True
    return render(request, "networks/editor/confirm.html", {"member": editor.member, "done": done})


# --- The invitation: the e-mail's link, then a password ------------------------------------------


@never_cache
@require_http_methods(["GET"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The token is checked, kept out of the next URL (history, Referer): the session holds it."""
    found = services.editor_invitation_find(token=token)
    return PAGES.link(request, found, then="editor:invitation_password")


def _accept_with_account(
    request: HttpRequest, invitation: EditorInvitation, account: User
) -> HttpResponse:
    """The address already has an account (a resident's, say): its owner signs in, then
    accepts here; nobody else can, signed in or not."""
    signed_in_as_it = request.user.is_authenticated and request.user.pk == account.pk
    if request.method == "POST" and signed_in_as_it:
        try:
            services.editor_invitation_accept_signed_in(invitation=invitation, user=account)
        except services.InvitationUnusableError as error:
            return PAGES.unusable(request, error.state, invitation)
        PAGES.forget(request)
        messages.success(
            request,
            _("編集担当になりました。%(member)sの情報を確認してください。")
            % {"member": invitation.member.name},
        )
        return redirect("editor:home")
    return render(
        request,
        "networks/editor/invitation_account.html",
        {"invitation": invitation, "signed_in_as_it": signed_in_as_it},
        status=403 if request.method == "POST" else 200,
    )


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_password(request: HttpRequest) -> HttpResponse:
    found = PAGES.pending(request, EditorInvitation.objects.select_related("member"))
    if isinstance(found, HttpResponse):
        return found
    account = services.editor_invitation_account(found)
    if account is not None:
        return _accept_with_account(request, found, account)
    form = InvitationPasswordForm(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.editor_invitation_accept(
                invitation=found, password=form.cleaned_data["password1"]
            )
        except services.InvitationUnusableError as error:
            return PAGES.unusable(request, error.state, found)
        PAGES.forget(request)
        invitee_sign_in(request, user)  # no onboarding: a second factor is optional for editors
        messages.success(
            request,
            _("登録しました。%(member)sの情報を確認してください。") % {"member": found.member.name},
        )
        return redirect("editor:home")
    return render(
        request, "networks/editor/invitation_password.html", {"invitation": found, "form": form}
    )
