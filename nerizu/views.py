"""ネリーズ pages: the public introduction and stories, and each Nerizu's own pages.

Every question of who may see or change what goes through nerizu.permissions; the work is
done in nerizu.services.
"""

import hashlib
from collections.abc import Iterable
from typing import TypedDict

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts.http import AuthenticatedHttpRequest
from core.storage import FileNotStored
from core.uploads import form_file_not_stored
from nerizu import permissions, services
from nerizu.forms import (
    AccountDeleteForm,
    FollowingForm,
    MessageForm,
    NerizuForm,
    NerizuJoinForm,
    StoryForm,
)
from nerizu.models import TERMS_VERSION, Message, Nerizu, Story, counts_by_district
from networks.models import District
from participation.models import CalendarFeed, Participation
from pillars.models import Hashtag
from plan.shortcuts import get_current_plan_or_404

STORIES_PER_PAGE = 12

# --- Public pages ------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """What ネリーズ are, how many there are in each district, and their latest stories."""
    plan = get_current_plan_or_404()
    force = plan.driving_forces.filter(slug="nerizu").first()
    districts = list(counts_by_district())
    stories = Story.objects.approved().for_listing()[:3]
    return render(
        request,
        "nerizu/index.html",
        {
            "force": force,
            "districts": districts,
            "total": sum(d.nerizu_count for d in districts),
            "stories": stories,
            "nerizu": permissions.own_nerizu(request.user),
        },
    )


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "nerizu/terms.html", {"terms_version": TERMS_VERSION})


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    stories = Story.objects.approved().for_listing()
    tag = request.GET.get("tag", "").strip().lstrip("#＃")[:50]  # a hashtag's page links here
    if "\x00" in tag:  # no hashtag has one (PostgreSQL refuses it in a query)
        tag = ""
    if tag:
        stories = stories.tagged(tag)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "nerizu/story_list.html",
        {"page": page, "stories": page.object_list, "tag": tag},
    )


@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = permissions.story_to_view_or_404(request.user, pk)
    return render(
        request,
        "nerizu/story_detail.html",
        {
            "story": story,
            "hashtags": story.hashtags.all(),
            "can_edit": permissions.can_edit_story(request.user, story),
        },
    )


@require_safe
def story_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The story's photo, for whoever may see the story (never a public /media/ URL)."""
    story = permissions.story_to_view_or_404(request.user, pk)
    if not story.photo:
        raise Http404("The story has no photo")
    try:
        photo = story.photo.open("rb")
    except FileNotFoundError:
        raise Http404("The photo file is missing") from None
    response = FileResponse(photo, content_type="image/jpeg")
    # Only approved photos may sit in shared caches; others stay with the person who asked.
    response["Cache-Control"] = (
        "public, max-age=600" if story.is_approved else "private, no-store, max-age=0"
    )
    return response


# --- Becoming a Nerizu and the Nerizu's own pages ------------------------------------------------


@sensitive_post_parameters()  # a registration is personal data: keep it out of error reports
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: AuthenticatedHttpRequest) -> HttpResponse:
    if permissions.own_nerizu(request.user) is not None:
        messages.info(request, _("すでにネリーズに登録しています。"))
        return redirect("nerizu:me")
    form = NerizuJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.nerizu_register(user=request.user, **_registration(form))
        messages.success(request, _("ネリーズに登録しました。ありがとうございます。"))
        return redirect("nerizu:me")
    return render(request, "nerizu/nerizu_form.html", {"form": form, "joining": True})


@login_required
@require_safe
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """マイページ: the user's registration, their stories (any state), what they joined
    (参加予定, with the private calendar) and account links."""
    nerizu = permissions.own_nerizu(request.user)
    stories = list(nerizu.stories.all()) if nerizu is not None else []
    today = timezone.localdate()
    participations = list(Participation.objects.upcoming_for(request.user, today=today))
    return render(
        request,
        "nerizu/nerizu_detail.html",
        {
            "nerizu": nerizu,
            "stories": stories,
            "participations": participations,
            "has_calendar": CalendarFeed.objects.filter(user=request.user).exists(),
            "can_delete_account": permissions.can_delete_account(request.user),
            "can_message_nerizu": permissions.can_message_nerizu(request.user),
        },
    )


@sensitive_post_parameters()  # a registration is personal data: keep it out of error reports
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    nerizu = _own_nerizu_or_404(request)
    form = NerizuForm(request.POST or None, instance=nerizu)
    if request.method == "POST" and form.is_valid():
        services.nerizu_update(nerizu=nerizu, **_registration(form))
        messages.success(request, _("登録内容を変更しました。"))
        return redirect("nerizu:me")
    return render(request, "nerizu/nerizu_form.html", {"form": form, "joining": False})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ends the registration (stories and photos too); the account stays."""
    nerizu = _own_nerizu_or_404(request)
    if request.method == "POST":
        services.nerizu_withdraw(nerizu=nerizu)
        messages.success(request, _("ネリーズの登録を削除しました。"))
        return redirect("nerizu:me")
    return render(
        request,
        "nerizu/nerizu_confirm_delete.html",
        {"nerizu": nerizu, "story_count": nerizu.stories.count()},
    )


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Deletes the account and all personal data hanging from it, after the password."""
    allowed = permissions.can_delete_account(request.user)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("アカウントを削除しました。ご利用ありがとうございました。"))
        return redirect("plan:home")
    return render(request, "nerizu/account_confirm_delete.html", {"form": form, "allowed": allowed})


# --- A Nerizu's stories ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    nerizu = permissions.own_nerizu(request.user)
    if nerizu is None:
        messages.info(request, _("活動紹介を投稿するには、先にネリーズに登録してください。"))
        return redirect("nerizu:join")
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.story_submit(
                nerizu=nerizu,
                title=data["title"],
                body=data["body"],
                photo=data["photo"],
                photo_alt=data["photo_alt"],
                hashtags=data["hashtags"],
            )
        except FileNotStored as error:
            _photo_not_stored(form, error)
        else:
            messages.success(
                request, _("投稿を受け付けました。コーディネーターが確認してから公開します。")
            )
            return redirect(story)
    return render(request, "nerizu/story_form.html", {"form": form, "story": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = permissions.story_to_edit_or_404(request.user, pk)
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial=model_to_dict(story, fields=["title", "body", "photo_alt", "hashtags"]),
        has_photo=bool(story.photo),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.story_update(
                story=story,
                title=data["title"],
                body=data["body"],
                photo=data["photo"],
                remove_photo=data.get("remove_photo", False),
                photo_alt=data["photo_alt"],
                hashtags=data["hashtags"],
            )
        except FileNotStored as error:
            story.refresh_from_db()  # the failed save changed the instance, not the row
            _photo_not_stored(form, error)
        else:
            messages.success(
                request, _("変更を受け付けました。コーディネーターが確認してから公開します。")
            )
            return redirect(story)
    return render(request, "nerizu/story_form.html", {"form": form, "story": story})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = permissions.story_to_edit_or_404(request.user, pk)
    if request.method == "POST":
        services.story_delete(story=story)
        messages.success(request, _("活動紹介を削除しました。"))
        return redirect("nerizu:me")
    return render(request, "nerizu/story_confirm_delete.html", {"story": story})


# --- Helpers -----------------------------------------------------------------------------------


def _photo_not_stored(form: StoryForm, error: FileNotStored) -> None:
    """The photo could not be written (a full disk): nothing was saved; the form is shown
    again with what was typed and a message beside the photo (logged for the operators)."""
    form_file_not_stored(
        form,
        "photo",
        error,
        _(
            "写真を保存できませんでした。時間をおいて、もう一度写真を選んで送信してください。"
            "続く場合は、写真なしで投稿することもできます。"
        ),
    )


def _own_nerizu_or_404(request: HttpRequest) -> Nerizu:
    nerizu = permissions.own_nerizu(request.user)
    if nerizu is None or not permissions.can_edit_nerizu(request.user, nerizu):
        raise Http404("Not registered as ネリーズ")
    return nerizu


class _Registration(TypedDict):
    display_name: str
    district: District
    interests: Iterable[Hashtag]
    how_to_help: str


def _registration(form: NerizuForm) -> _Registration:
    data = form.cleaned_data
    return {
        "display_name": data["display_name"],
        "district": data["district"],
        "interests": data["interests"],
        "how_to_help": data["how_to_help"],
    }


# --- Following and mail settings (マイページ) ----------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def following(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The districts and hashtags a resident follows, and which mail they want."""
    form = FollowingForm(request.POST or None, instance=services.following_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("フォローとお知らせの設定を保存しました。"))
        return redirect("nerizu:following")
    return render(request, "nerizu/following_form.html", {"form": form})


@csrf_exempt  # RFC 8058: mail programs POST here without a session; the signed token is the key
@never_cache  # a personal link: never in the page cache or a shared proxy
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from the mail's link: GET asks, POST stops (no sign-in)."""
    if request.method == "POST":
        if not services.unsubscribe(token=token):
            raise Http404("Not an unsubscribe link of ours")
        return render(request, "nerizu/unsubscribe.html", {"done": True})
    return render(request, "nerizu/unsubscribe.html", {"done": False, "token": token})


# --- Messages to ネリーズ (coordinators) ----------------------------------------------------------

TESTED_SALT = "nerizu.message-tested"


def _coordinator_or_404(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_message_nerizu(request.user):
        raise Http404("Not a coordinator with districts")


def _content_digest(request: HttpRequest, form: MessageForm) -> str:
    data = form.cleaned_data
    parts = (
        request.user.pk,
        data["audience"],
        getattr(data.get("district"), "pk", ""),
        getattr(data.get("hashtag"), "pk", ""),
        data["subject"],
        data["body"],
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@login_required
@require_safe
def message_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _coordinator_or_404(request)
    sent = Message.objects.filter(sender=request.user).select_related(
        "district", "hashtag", "activity"
    )
    page = Paginator(sent, 50).get_page(request.GET.get("page"))
    return render(request, "nerizu/message_list.html", {"page": page, "sent": page.object_list})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write → preview (who and how many) → a test send to oneself → send. Sending needs a
    test send of exactly this content first."""
    _coordinator_or_404(request)
    remit = permissions.message_districts(request.user)
    form = MessageForm(request.POST or None, remit=remit)
    action = request.POST.get("action", "")
    if request.method != "POST" or action == "edit" or not form.is_valid():
        return render(request, "nerizu/message_form.html", {"form": form})
    message = form.save(commit=False)
    message.sender = request.user
    digest = _content_digest(request, form)
    tested = False
    try:
        tested = signing.loads(request.POST.get("tested", ""), salt=TESTED_SALT) == digest
    except signing.BadSignature:
        tested = False
    if action == "send" and tested:
        count = services.message_send(message=message, remit=remit)
        messages.success(request, _("%(count)d人に送りました。") % {"count": count})
        return redirect("nerizu:message", pk=message.pk)
    if action == "test":
        services.message_test_send(sender=request.user, message=message)
        messages.success(
            request, _("%(email)s にテスト送信しました。") % {"email": request.user.email}
        )
        tested = True
    elif action == "send":
        messages.error(request, _("送信する前に、自分あてにテスト送信してください。"))
    recipients = services.message_recipients(
        audience=message.audience,
        district=message.district,
        hashtag=message.hashtag,
        remit=remit,
        activity=message.activity,
    ).count()
    return render(
        request,
        "nerizu/message_preview.html",
        {
            "form": form,
            "message": message,
            "recipients": recipients,
            "tested": signing.dumps(digest, salt=TESTED_SALT) if tested else "",
        },
    )


@login_required
@require_safe
def message_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The delivery log: each recipient's display name and state; never an address."""
    message = permissions.message_to_view_or_404(request.user, pk)
    deliveries = list(
        message.deliveries.select_related("nerizu", "email").order_by("nerizu__display_name")
    )
    return render(
        request, "nerizu/message_detail.html", {"message": message, "deliveries": deliveries}
    )
