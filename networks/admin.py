from typing import Any

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.forms import CheckboxSelectMultiple
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from core.uploads import FileUploadAdminMixin
from networks.forms import ActivityAdminForm, CoordinatorAdminForm
from networks.imports import (
    UnreadableFile,
    decode_csv,
    import_job_confirm,
    import_job_create,
    read_headers,
)
from networks.models import (
    Activity,
    ActivitySession,
    Coordinator,
    Facility,
    ImportJob,
    Member,
)
from networks.resources import ActivityResource, FacilityResource, MemberResource
from networks.services import activity_refresh_occurrences

# --- Import and export (CSV, Excel) ---------------------------------------------------------


class JapaneseCSV(base_formats.CSV):
    """CSV as Excel writes it in Japan: UTF-8 (with or without BOM) or Shift_JIS (cp932).

    Read as bytes and decoded here, so either encoding works; written with a BOM, so Excel
    opens the export in the right encoding.
    """

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = decode_csv(in_stream)  # a Japanese message for NUL or other encodings
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        return "\ufeff" + super().export_data(dataset, **kwargs)


class ImportExportAdmin(ImportExportModelAdmin):
    """Import in two steps, both background tasks (networks/imports.py): the upload stores
    the file and queues its check; the job page shows the progress, then the problems or a
    confirm button that queues the import. A file with any bad row changes nothing, even if
    the data changed between the check and the confirmation. Messages in Japanese.

    Import needs the add and change permissions on the model, export the view permission
    (the project's IMPORT_EXPORT_*_PERMISSION_CODE settings would allow only one of them).
    """

    formats = [JapaneseCSV, base_formats.XLSX]
    import_help_text = ""  # what this model's files hold or leave out, on the import page
    import_template_name = "admin/networks/import.html"
    import_job_template_name = "admin/networks/import_job.html"

    def has_import_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The upload: refuse an unreadable file or wrong columns at once (they need only the
        first row), else store the file, queue its check and show the job page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_form = self.create_import_form(request)
        if request.method != "POST" or not import_form.is_valid():
            return self._import_page(request, import_form)
        input_format = self.get_import_formats()[int(import_form.cleaned_data["format"])]()
        resource_class = self.choose_import_resource_class(import_form, request)
        upload = import_form.cleaned_data["import_file"]
        content = b"".join(upload.chunks())
        try:
            problems = resource_class().column_problems(read_headers(input_format, content))
        except UnreadableFile as error:
            problems = [str(error)]
        if problems:
            for problem in problems:
                import_form.add_error("import_file", problem)
            return self._import_page(request, import_form)
        job = import_job_create(
            model_label=self.opts.label_lower,
            resource_class=resource_class,
            input_format=input_format,
            file_name=upload.name,
            content=content,
            user=request.user,
        )
        return HttpResponseRedirect(self._job_url(job))

    def _import_page(self, request: HttpRequest, import_form: Any) -> HttpResponse:
        resources = [cls() for cls in self.get_import_resource_classes(request)]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("インポート"),
            "form": import_form,
            "opts": self.opts,
            "media": self.media + import_form.media,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r.get_user_visible_fields()])
                for r in resources
            ],
            "import_error_display": self.import_error_display,
            "import_help_text": self.import_help_text,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The confirm button: queue the import of a checked file, back to its job page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._get_job(request, request.POST.get("job"))
        if not import_job_confirm(job=job):
            messages.warning(request, _("この取り込みは、確認が済んだ状態ではありません。"))
        return HttpResponseRedirect(self._job_url(job))

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._get_job(request, job_id)
        done = job.processed_rows if job.total_rows else 0
        context = {
            **self.admin_site.each_context(request),
            "title": _("取り込み：%(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "refresh": job.is_running,
            "percent": int(done * 100 / job.total_rows) if job.total_rows else 0,
            "problems": job.problems,
            "more_problems": max(0, job.totals.get("problem_rows", 0) - len(job.problems)),
            "problem_rows": "、".join(
                str(problem["row"]) for problem in job.problems[:10] if problem["row"]
            ),
            "confirm_form": (
                forms.Form(initial={"job": job.pk})
                if job.status == ImportJob.Status.CHECKED
                else None
            ),
            "import_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"),
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template_name], context)

    def _get_job(self, request: HttpRequest, job_id: Any) -> ImportJob:
        """A job of this model that the person started (a superuser sees every one)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        jobs = ImportJob.objects.filter(model=self.opts.label_lower)
        if not request.user.is_superuser:
            jobs = jobs.filter(created_by=request.user)
        try:
            return jobs.get(pk=int(job_id))
        except (TypeError, ValueError, ImportJob.DoesNotExist):
            raise Http404 from None

    def _job_url(self, job: ImportJob) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import_job".format(*info), kwargs={"job_id": job.pk})


# --- The network's directory ----------------------------------------------------------------


class FacilityInline(admin.StackedInline):
    model = Facility
    extra = 0
    show_change_link = True
    fields = (("name", "name_kana"), "district", "target_groups", "address", "phone", "is_listed")
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    verbose_name_plural = _("運営している施設・事業所")


@admin.register(Member)
class MemberAdmin(ImportExportAdmin):
    resource_classes = [MemberResource]
    list_display = ("name", "name_kana", "kind", "district_list", "is_listed", "is_sample")
    list_filter = ("kind", "districts", "themes", "is_listed", "is_sample")
    search_fields = ("name", "name_kana", "description")
    fieldsets = (
        (None, {"fields": ("name", "name_kana", "kind", "districts", "themes")}),
        (_("連絡先"), {"fields": ("website", "phone")}),
        (_("紹介"), {"fields": ("joined_on", "description")}),
        (_("表示"), {"fields": ("is_listed",)}),
    )
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    inlines = [FacilityInline]
    actions = ["list_on_site", "hide_from_site"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Member]:
        return super().get_queryset(request).prefetch_related("districts", "themes")

    @admin.display(description=_("地区"))
    def district_list(self, member: Member) -> str:
        return "、".join(district.name for district in member.districts.all())

    @admin.action(description=_("選択した会員をサイトに公開する"), permissions=["change"])
    def list_on_site(self, request: HttpRequest, queryset: QuerySet[Member]) -> None:
        _set_listed(self, request, queryset, listed=True)

    @admin.action(description=_("選択した会員をサイトに表示しない"), permissions=["change"])
    def hide_from_site(self, request: HttpRequest, queryset: QuerySet[Member]) -> None:
        _set_listed(self, request, queryset, listed=False)


@admin.register(Facility)
class FacilityAdmin(ImportExportAdmin):
    resource_classes = [FacilityResource]
    list_display = ("name", "member", "district", "target_group_list", "is_listed", "is_sample")
    list_filter = ("district", "target_groups", "member__kind", "is_listed", "is_sample")
    list_select_related = ("member", "district")
    search_fields = ("name", "name_kana", "address", "member__name")
    autocomplete_fields = ("member",)
    fieldsets = (
        (None, {"fields": ("member", "name", "name_kana", "target_groups", "district")}),
        (_("所在地と連絡先"), {"fields": ("address", "phone")}),
        (_("案内"), {"fields": ("opening_notes", "accessibility_notes")}),
        (_("表示"), {"fields": ("is_listed",)}),
    )
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    actions = ["list_on_site", "hide_from_site"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Facility]:
        return super().get_queryset(request).prefetch_related("target_groups")

    @admin.display(description=_("対象"))
    def target_group_list(self, facility: Facility) -> str:
        return "、".join(group.name for group in facility.target_groups.all())

    @admin.action(description=_("選択した施設をサイトに公開する"), permissions=["change"])
    def list_on_site(self, request: HttpRequest, queryset: QuerySet[Facility]) -> None:
        _set_listed(self, request, queryset, listed=True)

    @admin.action(description=_("選択した施設をサイトに表示しない"), permissions=["change"])
    def hide_from_site(self, request: HttpRequest, queryset: QuerySet[Facility]) -> None:
        _set_listed(self, request, queryset, listed=False)


def _set_listed(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, *, listed: bool
) -> None:
    # Saved one by one so each change is logged in the admin history.
    changed = [obj for obj in queryset if obj.is_listed != listed]
    for obj in changed:
        obj.is_listed = listed
        obj.save(update_fields=["is_listed", "updated_at"])
        model_admin.log_change(request, obj, [{"changed": {"fields": ["is_listed"]}}])
    model_admin.message_user(
        request,
        ngettext("%(count)d件を変更しました。", "%(count)d件を変更しました。", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )


# --- Activities -----------------------------------------------------------------------------


class ActivitySessionInline(admin.TabularInline):
    model = ActivitySession
    extra = 1
    fields = ("starts_at", "ends_at", "note")
    verbose_name_plural = _("開催日（「日付を指定」のとき）")


@admin.register(Activity)
class ActivityAdmin(ImportExportAdmin):
    resource_classes = [ActivityResource]
    import_help_text = _(
        "主催と名称が同じ行は、登録済みの活動を更新します。日程は「日程の決め方」と、"
        "「毎週」「毎月」のときの曜日・第何週・時刻までを取り込みます。「日付を指定」の開催日"
        "（日時）はファイルでは取り込まず、登録済みの開催日もそのまま残ります。開催日は、"
        "取り込んだ後に活動ごとの編集画面の「開催日」で入力してください。"
    )
    form = ActivityAdminForm
    list_display = (
        "title",
        "organiser",
        "district",
        "theme",
        "schedule_text",
        "last_confirmed_on",
        "is_listed",
        "is_sample",
    )
    list_filter = ("kind", "theme", "district", "schedule", "is_listed", "is_sample")
    list_select_related = ("organiser", "district", "theme")
    search_fields = ("title", "description", "organiser__name", "hashtags__name")
    autocomplete_fields = ("organiser", "facility")
    filter_horizontal = ("hashtags",)
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    date_hierarchy = "last_confirmed_on"
    fieldsets = (
        (None, {"fields": ("title", "kind", "theme", "description")}),
        (_("主催と会場"), {"fields": ("organiser", "facility", "district", "venue")}),
        (_("対象"), {"fields": ("audiences", "open_to_all")}),
        (
            _("日程"),
            {
                "fields": (
                    "schedule",
                    "weekdays",
                    "weeks_of_month",
                    ("start_time", "end_time"),
                    "schedule_note",
                ),
                "description": _(
                    "「日付を指定」なら下の「開催日」に日時を入れます。「毎週」「毎月」なら曜日"
                    "（と第何週）と時刻を選びます（例：毎月・第2週と第4週・金曜日・10:00〜12:00）。"
                    "ファイルのインポートでは開催日は取り込まないため、ここで入力します。"
                ),
            },
        ),
        (_("参加のご案内"), {"fields": ("fee", "how_to_join", "contact")}),
        (_("分類と確認"), {"fields": ("hashtags", "last_confirmed_on", "is_listed")}),
    )
    inlines = [ActivitySessionInline]
    actions = ["confirm_today"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.filter_horizontal:  # many tags: the two-pane selector
            kwargs.pop("widget", None)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("日程"))
    def schedule_text(self, activity: Activity) -> str:
        return activity.recurrence_text or activity.get_schedule_display()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The dates lists filter and sort by, from the sessions just saved or the rule
        activity_refresh_occurrences(activity=form.instance)

    @admin.action(
        description=_("選択した活動の「情報の確認日」を今日にする"), permissions=["change"]
    )
    def confirm_today(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        today = timezone.localdate()
        for activity in queryset:
            activity.last_confirmed_on = today
            activity.save(update_fields=["last_confirmed_on", "updated_at"])
            self.log_change(request, activity, [{"changed": {"fields": ["last_confirmed_on"]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d件の確認日を今日にしました。",
                "%(count)d件の確認日を今日にしました。",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


# --- Coordinators ---------------------------------------------------------------------------


@admin.register(Coordinator)
class CoordinatorAdmin(FileUploadAdminMixin, admin.ModelAdmin):
    form = CoordinatorAdminForm
    list_display = ("name", "district_list", "strengths", "order", "is_listed", "is_sample")
    list_editable = ("order",)
    list_filter = ("districts", "is_listed", "is_sample")
    search_fields = ("name", "name_kana", "strengths", "message")
    fieldsets = (
        (None, {"fields": ("name", "name_kana", "districts")}),
        (_("写真"), {"fields": ("current_photo", "photo", "photo_alt")}),
        (_("紹介"), {"fields": ("strengths", "message")}),
        (_("表示"), {"fields": ("order", "is_listed")}),
    )
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    readonly_fields = ("current_photo",)

    @admin.display(description=_("現在の写真"))
    def current_photo(self, coordinator: Coordinator) -> str:
        if not coordinator.photo or coordinator.pk is None:  # unsaved: the form shows an error
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="160">',
            reverse("coordinators:photo", kwargs={"pk": coordinator.pk}),
            coordinator.photo_alt,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Coordinator]:
        return super().get_queryset(request).prefetch_related("districts")

    @admin.display(description=_("担当地区"))
    def district_list(self, coordinator: Coordinator) -> str:
        return "、".join(district.name for district in coordinator.districts.all())
