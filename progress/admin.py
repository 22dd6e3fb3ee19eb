"""Admin for coordinators: milestones, indicators and their yearly values, status overrides,
the timeline, and the yearly evaluation. Indicator values and evaluations export to and
re-import from CSV/Excel in the same format (progress/resources.py)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.http import signed_in_user
from core.images import ACCEPT as PHOTO_ACCEPT
from core.images import reencode_photo
from core.import_admin import ImportExportAdmin
from core.uploads import FileUploadAdminMixin
from progress.models import (
    REASON_REQUIRED,
    Evaluation,
    Indicator,
    IndicatorSnapshot,
    IndicatorValue,
    Milestone,
    PillarComment,
    StatusOverride,
    TimelineEntry,
)
from progress.resources import EvaluationResource, IndicatorValueResource

IMPORT_TEMPLATE = "admin/progress/import.html"


# --- Milestones -------------------------------------------------------------------------------


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "action_item", "target_date", "done_on", "order", "is_sample")
    list_editable = ("done_on", "order")
    list_filter = ("action_item__pillar", "done_on", "is_sample")
    list_select_related = ("action_item",)
    search_fields = ("title", "description", "action_item__title")
    autocomplete_fields = ("action_item",)
    fields = ("action_item", "title", "description", "target_date", "done_on", "order")
    actions = ["mark_done_today"]

    @admin.action(
        description=_("選択したマイルストーンを今日達成したことにする"), permissions=["change"]
    )
    def mark_done_today(self, request: HttpRequest, queryset: QuerySet[Milestone]) -> None:
        today = timezone.localdate()
        changed = [milestone for milestone in queryset if milestone.done_on is None]
        for milestone in changed:
            milestone.mark_done(on=today)
            self.log_change(request, milestone, [{"changed": {"fields": ["done_on"]}}])
        self.message_user(
            request,
            ngettext("%(count)d件を達成にしました。", "%(count)d件を達成にしました。", len(changed))
            % {"count": len(changed)},
            messages.SUCCESS,
        )


# --- Indicators and their values ---------------------------------------------------------------


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("fiscal_year", "value", "note")
    verbose_name_plural = _("年度ごとの実績値（手入力の指標のとき）")


class IndicatorSnapshotInline(admin.TabularInline):
    model = IndicatorSnapshot
    extra = 0
    fields = ("fiscal_year", "value", "recorded_at")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("年度末の記録（自動で数える指標のとき。毎年3月31日に記録）")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "action_item", "source", "district", "baseline", "target", "unit")
    list_filter = ("source", "district", "action_item__pillar", "is_sample")
    list_select_related = ("action_item", "district")
    search_fields = ("name", "action_item__title")
    autocomplete_fields = ("action_item",)
    fieldsets = (
        (None, {"fields": ("action_item", "name", "unit", ("baseline", "target"), "order")}),
        (
            _("実績値の求め方"),
            {
                "fields": ("source", "theme", "member_kind", "district"),
                "description": _(
                    "「手入力」なら下の表に年度ごとの実績値を入れます。それ以外は、このサイトに"
                    "登録されている数を自動で数えます（今年度は現在の数、過去の年度は3月31日の記録）。"
                ),
            },
        ),
    )
    inlines = [IndicatorValueInline, IndicatorSnapshotInline]

    def get_inline_instances(self, request: HttpRequest, obj: Indicator | None = None) -> list:
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            return [i for i in inlines if isinstance(i, IndicatorValueInline)]
        wanted = IndicatorSnapshotInline if obj.is_computed else IndicatorValueInline
        return [i for i in inlines if isinstance(i, wanted)]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ImportExportAdmin):
    resource_classes = [IndicatorValueResource]
    import_template_name = IMPORT_TEMPLATE
    list_display = ("indicator", "action_item", "fiscal_year", "value", "note", "is_sample")
    list_editable = ("value",)
    list_filter = ("fiscal_year", "indicator__action_item__pillar", "is_sample")
    list_select_related = ("indicator__action_item",)
    search_fields = ("indicator__name", "indicator__action_item__title", "note")
    fields = ("indicator", "fiscal_year", "value", "note")
    ordering = ("indicator__action_item__pk", "indicator__order", "indicator__pk", "fiscal_year")

    @admin.display(description=_("取組項目"), ordering="indicator__action_item__title")
    def action_item(self, value: IndicatorValue) -> str:
        return value.indicator.action_item.title

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "indicator":
            kwargs["queryset"] = Indicator.objects.filter(
                source=Indicator.Source.MANUAL
            ).select_related("action_item")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Status override ---------------------------------------------------------------------------


class StatusOverrideForm(forms.ModelForm):
    class Meta:
        model = StatusOverride
        fields = ["action_item", "status", "reason"]
        error_messages = {"reason": {"required": REASON_REQUIRED}}


@admin.register(StatusOverride)
class StatusOverrideAdmin(admin.ModelAdmin):
    form = StatusOverrideForm
    list_display = ("action_item", "status", "reason", "set_by", "set_at")
    list_filter = ("status",)
    list_select_related = ("action_item", "set_by")
    search_fields = ("action_item__title", "reason")
    autocomplete_fields = ("action_item",)
    readonly_fields = ("set_by", "set_at")
    fieldsets = (
        (
            None,
            {
                "fields": ("action_item", "status", "reason", "set_by", "set_at"),
                "description": _(
                    "取組項目の状態は、マイルストーンと指標から自動で決まります。ここで決めると、"
                    "自動の状態の代わりに表示します（理由も公開ページに表示します）。"
                    "自動に戻すときは、この設定を削除します。"
                ),
            },
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: StatusOverride, form: Any, change: bool
    ) -> None:
        obj.set_by = signed_in_user(request)
        obj.set_at = timezone.now()
        super().save_model(request, obj, form, change)


# --- Timeline ----------------------------------------------------------------------------------


class TimelineEntryForm(forms.ModelForm):
    """A new photo is checked and re-encoded like every photo the portal publishes."""

    class Meta:
        model = TimelineEntry
        fields = ["action_item", "date", "title", "text", "photo", "photo_alt"]
        widgets = {"photo": forms.FileInput(attrs={"accept": PHOTO_ACCEPT})}

    def clean_photo(self) -> object:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return reencode_photo(photo)
        return photo


@admin.register(TimelineEntry)
class TimelineEntryAdmin(FileUploadAdminMixin, admin.ModelAdmin):
    form = TimelineEntryForm
    list_display = ("date", "title", "action_item", "is_sample")
    list_filter = ("action_item__pillar", "is_sample")
    list_select_related = ("action_item",)
    search_fields = ("title", "text", "action_item__title")
    autocomplete_fields = ("action_item",)
    date_hierarchy = "date"
    fields = ("action_item", "date", "title", "text", "current_photo", "photo", "photo_alt")
    readonly_fields = ("current_photo",)

    @admin.display(description=_("現在の写真"))
    def current_photo(self, entry: TimelineEntry) -> str:
        if not entry.photo or entry.pk is None:  # not saved yet: the form shows the error
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="160">',
            reverse("progress:timeline_photo", kwargs={"pk": entry.pk}),
            entry.photo_alt,
        )


# --- Yearly evaluation -------------------------------------------------------------------------


@admin.register(Evaluation)
class EvaluationAdmin(ImportExportAdmin):
    resource_classes = [EvaluationResource]
    import_template_name = IMPORT_TEMPLATE
    list_display = ("fiscal_year", "action_item", "grade", "is_published", "is_sample")
    list_filter = ("fiscal_year", "grade", "is_published", "action_item__pillar", "is_sample")
    list_select_related = ("action_item",)
    search_fields = ("action_item__title", "done", "issues", "next_direction")
    fieldsets = (
        (None, {"fields": ("fiscal_year", "action_item", "grade")}),
        (_("評価の内容"), {"fields": ("done", "issues", "next_direction")}),
        (_("表示"), {"fields": ("is_published",)}),
    )
    ordering = ("-fiscal_year", "action_item__pillar__number", "action_item__order")
    actions = ["publish", "unpublish"]

    @admin.action(description=_("選択した評価を公開する"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Evaluation]) -> None:
        _set_published(self, request, queryset, published=True)

    @admin.action(description=_("選択した評価を非公開にする"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Evaluation]) -> None:
        _set_published(self, request, queryset, published=False)


@admin.register(PillarComment)
class PillarCommentAdmin(admin.ModelAdmin):
    list_display = ("fiscal_year", "pillar", "is_published", "is_sample")
    list_filter = ("fiscal_year", "pillar", "is_published", "is_sample")
    list_select_related = ("pillar",)
    fields = ("fiscal_year", "pillar", "comment", "is_published")


def _set_published(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, *, published: bool
) -> None:
    # Saved one by one so each change is logged in the admin history.
    changed = [obj for obj in queryset if obj.is_published != published]
    for obj in changed:
        obj.is_published = published
        obj.save(update_fields=["is_published", "updated_at"])
        model_admin.log_change(request, obj, [{"changed": {"fields": ["is_published"]}}])
    model_admin.message_user(
        request,
        ngettext("%(count)d件を変更しました。", "%(count)d件を変更しました。", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )
