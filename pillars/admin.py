from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.easy_text import EasyTextAdmin
from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    fields = ("order", "title", "status")
    extra = 0
    show_change_link = True
    verbose_name_plural = _("取組項目（表示順を変えて並べ替え）")


@admin.register(Pillar)
class PillarAdmin(EasyTextAdmin, admin.ModelAdmin):
    list_display = ("__str__", "statement", "plan", "updated_at")
    list_filter = ("plan",)
    search_fields = ("name", "statement", "body")
    fields = ("plan", "number", "name", "statement", "body")
    readonly_fields = ("plan", "number")
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(EasyTextAdmin, admin.ModelAdmin):
    list_display = ("title", "pillar", "order", "status", "hashtag_list", "is_sample", "updated_at")
    list_display_links = ("title",)
    list_editable = ("order", "status")
    list_filter = ("status", "pillar", "driving_forces", "is_sample", "hashtags")
    list_select_related = ("pillar",)
    search_fields = ("title", "body", "hashtags__name")
    filter_horizontal = ("hashtags", "driving_forces")
    fieldsets = (
        (None, {"fields": ("pillar", "title", "body")}),
        (_("分類"), {"fields": ("hashtags", "driving_forces")}),
        (_("表示"), {"fields": ("order", "status")}),
    )
    actions = ["publish", "unpublish"]
    ordering = ("pillar__number", "order", "pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionItem]:
        return super().get_queryset(request).prefetch_related("hashtags")

    @admin.display(description=_("ハッシュタグ"))
    def hashtag_list(self, item: ActionItem) -> str:
        return " ".join(str(tag) for tag in item.hashtags.all())

    @admin.action(description=_("選択した取組項目を公開する"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[ActionItem]) -> None:
        self._set_status(request, queryset, ActionItem.Status.PUBLISHED)

    @admin.action(description=_("選択した取組項目を下書きに戻す"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[ActionItem]) -> None:
        self._set_status(request, queryset, ActionItem.Status.DRAFT)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[ActionItem], status: str
    ) -> None:
        # Saved one by one so each change is logged in the admin history.
        changed = [item for item in queryset if item.status != status]
        for item in changed:
            item.status = status
            item.save(update_fields=["status", "updated_at"])
            self.log_change(request, item, [{"changed": {"fields": ["status"]}}])
        label = ActionItem.Status(status).label
        self.message_user(
            request,
            ngettext(
                "%(count)d件の取組項目を「%(label)s」にしました。",
                "%(count)d件の取組項目を「%(label)s」にしました。",
                len(changed),
            )
            % {"count": len(changed), "label": label},
            messages.SUCCESS,
        )


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "reading",
        "action_count",
        "activity_count",
        "story_count",
        "is_sample",
    )
    list_filter = ("is_sample",)
    search_fields = ("name", "reading")
    fields = ("name", "reading")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Hashtag]:
        # What ModelAdmin.get_queryset() starts from (the default manager), with the counts.
        return Hashtag.objects.with_item_counts(request.user)

    @admin.display(description=_("取組項目の数"), ordering="action_count")
    def action_count(self, hashtag: Hashtag) -> int:
        return hashtag.action_count

    @admin.display(description=_("活動の数"), ordering="activity_count")
    def activity_count(self, hashtag: Hashtag) -> int:
        return hashtag.activity_count

    @admin.display(description=_("活動紹介の数"), ordering="story_count")
    def story_count(self, hashtag: Hashtag) -> int:
        return hashtag.story_count


@admin.register(DrivingForce)
class DrivingForceAdmin(EasyTextAdmin, admin.ModelAdmin):
    list_display = ("__str__", "plan", "slug", "updated_at")
    list_filter = ("plan",)
    search_fields = ("name", "lead", "body")
    fields = ("plan", "number", "slug", "name", "lead", "body")
    readonly_fields = ("plan", "number", "slug")
