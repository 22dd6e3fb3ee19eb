"""Admin for ネリーズ: coordinators look up registrations and approve or decline stories.

Coordinators hold view on Nerizu and view/change on Story (accounts/roles.py). A story's
state changes only through the actions, which call services.story_review() (the author is
told by e-mail); photos are shown through
the view that checks access, since they have no public URL.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from accounts.http import signed_in_user
from nerizu import services
from nerizu.forms import StoryAdminForm
from nerizu.models import Nerizu, Story
from pillars.permissions import can_add_hashtags


class StoryInline(admin.TabularInline):
    model = Story
    fields = ("title", "status", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Nerizu)
class NerizuAdmin(admin.ModelAdmin):
    list_display = ("display_name", "district", "user_email", "registered_at")
    list_filter = ("district", "interests")
    search_fields = ("display_name", "user__email", "user__name")
    list_select_related = ("district", "user")
    autocomplete_fields = ()
    filter_horizontal = ("interests",)
    readonly_fields = ("user", "terms_version", "agreed_at", "registered_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("user", "display_name", "district", "interests", "how_to_help")}),
        (_("同意"), {"fields": ("terms_version", "agreed_at")}),
        (_("日時"), {"fields": ("registered_at", "updated_at")}),
    )
    inlines = [StoryInline]

    @admin.display(description=_("メールアドレス"), ordering="user__email")
    def user_email(self, obj: Nerizu) -> str:
        return obj.user.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A registration is the resident's own act, with their consent (ネリーズになる).
        return False

    def delete_model(self, request: HttpRequest, obj: Nerizu) -> None:
        services.nerizu_withdraw(nerizu=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Nerizu]) -> None:
        for nerizu in queryset:
            services.nerizu_withdraw(nerizu=nerizu)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "nerizu", "district", "status", "created_at", "reviewed_at")
    list_filter = ("status", "nerizu__district", "created_at")
    search_fields = ("title", "body", "nerizu__display_name")
    list_select_related = ("nerizu__district",)
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]
    form = StoryAdminForm
    filter_horizontal = ("hashtags",)
    fields = (
        "nerizu",
        "status",
        "title",
        "body",
        "photo_preview",
        "photo_alt",
        "hashtags",
        "new_hashtags",
        "approve_now",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = (
        "nerizu",
        "status",
        "photo_preview",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    )

    def get_fields(self, request: HttpRequest, obj: Story | None = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if not can_add_hashtags(request.user):
            fields.remove("new_hashtags")
        if obj is None or obj.status != Story.Status.PENDING:
            fields.remove("approve_now")
        return fields

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        story = form.instance
        names = form.cleaned_data.get("new_hashtags") or []
        if names and can_add_hashtags(request.user):
            services.story_add_new_hashtags(story=story, names=names)
        if form.cleaned_data.get("approve_now") and story.status == Story.Status.PENDING:
            story.review(approve=True, by=signed_in_user(request))
            self.message_user(
                request, _("活動紹介を承認しました。公開ページに表示されます。"), messages.SUCCESS
            )

    @admin.display(description=_("地区"), ordering="nerizu__district")
    def district(self, obj: Story) -> str:
        return str(obj.nerizu.district)

    @admin.display(description=_("写真"))
    def photo_preview(self, obj: Story) -> StrOrPromise:
        if not obj.photo:
            return _("なし")
        return format_html(
            '<img src="{}" alt="{}" class="nerizu-admin-photo" width="320">',
            reverse("nerizu:story_photo", kwargs={"pk": obj.pk}),
            obj.photo_alt,
        )

    @admin.action(description=_("承認する（公開する）"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        self._review(request, queryset, approve=True)

    @admin.action(description=_("見送る（公開しない）"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        self._review(request, queryset, approve=False)

    def _review(self, request: HttpRequest, queryset: QuerySet[Story], *, approve: bool) -> None:
        reviewer = signed_in_user(request)
        count = 0
        for story in queryset.select_related("nerizu__user"):
            services.story_review(story=story, approve=approve, by=reviewer)
            count += 1
        if approve:
            message = ngettext(
                "%(count)d件の活動紹介を承認しました。公開ページに表示されます。",
                "%(count)d件の活動紹介を承認しました。公開ページに表示されます。",
                count,
            )
        else:
            message = ngettext(
                "%(count)d件の活動紹介を見送りました。",
                "%(count)d件の活動紹介を見送りました。",
                count,
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Story) -> None:
        services.story_delete(story=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        for story in queryset:
            services.story_delete(story=story)
