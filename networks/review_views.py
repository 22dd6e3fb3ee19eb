"""Coordinators' pages for member organisations' editors (/network/review/): the proposals
waiting for a decision, each as a before/after comparison with 承認 and 差し戻し, and the
invitation of editors (a pending invitation can be sent again or revoked).

Only coordinators (networks.permissions.is_proposal_reviewer) in a session that has passed its
second factor: without an authenticator they are sent to set one up, with one but not checked
in this session to enter its code. Anyone else gets a 404. Nothing here is cached.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import InvitationUnusableError
from accounts.services import has_second_factor
from networks import editing, permissions, services
from networks.editor_forms import EditorInviteForm, SendBackForm
from networks.models import EditorInvitation, Proposal

View = Callable[..., HttpResponse]


def reviewer_page(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not permissions.is_proposal_reviewer(user):
            raise Http404("Not a coordinator")
        if not permissions.can_review_proposals(user):
            if not has_second_factor(user):  # type: ignore[arg-type]
                messages.info(request, _("変更の提案を確認するには、2段階認証の設定が必要です。"))
                return HttpResponseRedirect(reverse("mfa_index"))
            messages.info(
                request,
                _("変更の提案を確認するには、このログインで2段階認証のコードを入力してください。"),
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return never_cache(login_required(guarded))


@reviewer_page
@require_safe
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    proposals = (
        Proposal.objects.pending()
        .select_related("member", "created_by")
        .only(
            "pk",
            "kind",
            "target_id",
            "created_at",
            "after",
            "before",
            "state",
            "member__name",
            "created_by__name",
            "created_by__email",
        )
        .order_by("created_at", "pk")
    )
    return render(request, "networks/review/proposal_list.html", {"proposals": proposals})


def _no_longer_pending(state: str) -> str:
    """Why a proposal can be neither approved nor sent back (any more)."""
    if state == Proposal.State.WITHDRAWN:
        return _("この提案は、編集担当が取り下げました。承認も差し戻しもできません。")
    return _("この提案は、すでに確認済みです。")


@reviewer_page
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("member", "created_by", "decided_by"), pk=pk
    )
    send_back = SendBackForm(request.POST if request.POST.get("action") == "send_back" else None)
    if request.method == "POST" and proposal.state != Proposal.State.PENDING:
        messages.info(request, _no_longer_pending(proposal.state))
        return redirect("review:proposal", pk=proposal.pk)
    if request.method == "POST" and request.POST.get("action") == "approve":
        try:
            entry = services.proposal_approve(proposal=proposal, by=request.user)
        except services.ProposalDecidedError as decided:
            messages.info(request, _no_longer_pending(decided.state))
            return redirect("review:proposal", pk=proposal.pk)
        except ValidationError as error:  # the entry changed meanwhile so that it no longer fits
            messages.error(
                request,
                _("承認できませんでした（%(errors)s）。差し戻して、入力し直してもらってください。")
                % {"errors": " ".join(error.messages)},
            )
            return redirect("review:proposal", pk=proposal.pk)
        messages.success(
            request, _("承認しました。「%(name)s」の公開中の情報を更新しました。") % {"name": entry}
        )
        return redirect("review:proposals")
    if request.method == "POST" and send_back.is_valid():
        try:
            services.proposal_send_back(
                proposal=proposal, by=request.user, reason=send_back.cleaned_data["reason"]
            )
        except services.ProposalDecidedError as decided:
            messages.info(request, _no_longer_pending(decided.state))
            return redirect("review:proposal", pk=proposal.pk)
        messages.success(request, _("差し戻しました。編集担当の方に理由を知らせました。"))
        return redirect("review:proposals")
    status = 400 if request.method == "POST" else 200
    pending = proposal.state == Proposal.State.PENDING
    now = editing.current(proposal) if pending else None
    return render(
        request,
        "networks/review/proposal_detail.html",
        {
            "proposal": proposal,
            "rows": editing.comparison(proposal, now=now),
            "send_back": send_back,
        },
        status=status,
    )


@reviewer_page
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invite an editor for a member; the invitations of the last while."""
    form = EditorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.editor_invitation_issue(
                member=data["member"], email=data["email"], name=data["name"], by=request.user
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("招待のメールを送りました。"))
            return redirect("review:invitations")
    recent = EditorInvitation.objects.select_related("member").only(
        "pk",
        "name",
        "email",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "member__name",
    )[:50]
    return render(
        request,
        "networks/review/invitations.html",
        {"form": form, "invitations": recent},
        status=400 if request.method == "POST" else 200,
    )


def _invitation_not_pending(invitation: EditorInvitation, state: str) -> str:
    """Why a pending invitation's buttons did nothing: it changed meanwhile."""
    values = {"name": invitation.name}
    if state == EditorInvitation.State.ACCEPTED:
        return _("%(name)s さんへの招待は、すでに使われています。") % values
    if state == EditorInvitation.State.REVOKED:
        return _("%(name)s さんへの招待は、すでに取り消されています。") % values
    return _("%(name)s さんへの招待は、有効期限が切れています。新しく招待してください。") % values


@reviewer_page
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The 「取り消す」 button of a pending invitation: its link stops working."""
    invitation = get_object_or_404(EditorInvitation, pk=pk)
    try:
        services.editor_invitation_revoke(invitation=invitation, by=request.user)
    except InvitationUnusableError as error:
        messages.error(request, _invitation_not_pending(invitation, error.state))
    else:
        messages.success(
            request,
            _("%(name)s さんへの招待を取り消しました。招待のリンクはもう使えません。")
            % {"name": invitation.name},
        )
    return redirect("review:invitations")


@reviewer_page
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The 「送り直す」 button of a pending invitation: a new link, the old one stops working."""
    invitation = get_object_or_404(EditorInvitation, pk=pk)
    try:
        services.editor_invitation_resend(invitation=invitation, by=request.user)
    except InvitationUnusableError as error:
        messages.error(request, _invitation_not_pending(invitation, error.state))
    else:
        messages.success(
            request,
            _("%(name)s さんに招待のメールを送り直しました。前のメールのリンクはもう使えません。")
            % {"name": invitation.name},
        )
    return redirect("review:invitations")
