"""The admin: configuration for 管理者 (categories, teams and their members, referral
destinations), the inquiry queue for staff, the break-glass view of cases, and the audit
export of the access log and the change history (supervisors and 管理者).

Case content is not browsable here. A 管理者 who must look at a case (an incident, a legal
request) writes the reason first; for the next BREAK_GLASS_MINUTES the case list and case
pages open, and every page they open is written to the access log with that reason. No
"view on site" links, no deletions of configuration that cases use (deactivate instead), so no
delete-confirmation page ever lists case data.
"""

import re
import time
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.http import signed_in_user
from accounts.models import User
from consultations import audit_export, services
from consultations.models import (
    AccessLog,
    Case,
    Category,
    Inquiry,
    InquiryQuerySet,
    ReferralDestination,
    Team,
    TeamMembership,
)
from consultations.permissions import (
    can_break_glass,
    can_change_inquiries,
    can_export_audit,
    can_view_inquiries,
)

_REFERENCE = re.compile(r"^\s*([0-9A-Za-z]{4})-?([0-9A-Za-z]{4})\s*$")


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """Inquiries from 「コーディネーターに相談する」, for consultation staff only.

    Nobody adds one here (they come from the public form) and nobody deletes one (an
    administrator may, e.g. for spam; retention is the back office's job). What the resident
    sent is read-only: staff change only the handling status.
    """

    list_display = ("reference", "received_at", "topic", "district", "contact_method", "status")
    list_filter = ("status", "topic", "district", "contact_method", "received_at")
    search_fields = ("=reference",)
    search_help_text = _("受付番号で探せます（例：ABCD-2345、abcd2345）。")
    date_hierarchy = "received_at"
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("reference", "received_at", "status")}),
        (_("申込みをした方"), {"fields": ("name", "contact_method", "phone", "email", "district")}),
        (_("ご相談"), {"fields": ("topic", "message_text", "consented_at")}),
    )
    readonly_fields = (
        "reference",
        "received_at",
        "name",
        "contact_method",
        "phone",
        "email",
        "district",
        "topic",
        "message_text",
        "consented_at",
    )

    @admin.display(description=_("ご相談の内容"))
    def message_text(self, inquiry: Inquiry) -> SafeString:
        return SafeString(linebreaks(inquiry.message, autoescape=True))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Inquiry]:
        # Inquiry's default manager is InquiryQuerySet.as_manager(); ModelAdmin's stub only
        # knows it as a QuerySet.
        queryset = cast(InquiryQuerySet, super().get_queryset(request))
        return queryset.visible_to(request.user).select_related("district")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Inquiry], search_term: str
    ) -> tuple[QuerySet[Inquiry], bool]:
        # People read references out over the phone: accept lower case and a missing hyphen.
        match = _REFERENCE.match(search_term)
        if match:
            search_term = f"{match[1]}-{match[2]}".upper()
        return super().get_search_results(request, queryset, search_term)

    # --- Who may do what (consultations.permissions) --------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_view_inquiries(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Inquiry | None = None) -> bool:
        return can_view_inquiries(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Inquiry | None = None) -> bool:
        return can_change_inquiries(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Inquiry | None = None) -> bool:
        # Spam only: an inquiry taken into a case is part of the case's record.
        if obj is not None and Case.objects.filter(inquiry=obj).exists():
            return False
        return request.user.is_superuser and can_view_inquiries(request.user)


# --- Configuration (管理者) -------------------------------------------------------------------


class ConfigurationAdmin(admin.ModelAdmin):
    """Nothing here is deleted: cases refer to it (a deletion would rewrite their history)."""

    view_on_site = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(ConfigurationAdmin):
    list_display = ("name", "slug", "order", "is_active")
    list_editable = ("order", "is_active")
    prepopulated_fields = {"slug": ("name",)}


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    verbose_name = _("メンバー")
    verbose_name_plural = _("メンバー")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            # Staff accounts only (residents' accounts are none of a team's business).
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True).order_by(
                "name", "email"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(ConfigurationAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TeamMembershipInline]


@admin.register(ReferralDestination)
class ReferralDestinationAdmin(ConfigurationAdmin):
    list_display = ("name", "kana", "member", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "kana")


# --- Break-glass view of cases (管理者, with a recorded reason) ---------------------------------

BREAK_GLASS_MINUTES = 15
BREAK_GLASS_SESSION_KEY = "consultations.break_glass_until"
BREAK_GLASS_REASON_KEY = "consultations.break_glass_reason"


class BreakGlassReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("ケースを閲覧する理由"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "例：漏えい事故の調査のため（事故番号）、開示請求への対応のため。"
            "理由と、これから開くすべてのページはアクセス記録に残ります。"
        ),
        error_messages={
            "required": _("理由を書いてください。"),
            "min_length": _("理由は%(limit_value)d文字以上で具体的に書いてください。"),
        },
    )


def break_glass_open(request: HttpRequest) -> bool:
    until = request.session.get(BREAK_GLASS_SESSION_KEY)
    return isinstance(until, int | float) and time.time() < until


@admin.register(Case)
class CaseBreakGlassAdmin(admin.ModelAdmin):
    """Cases, read-only, for 管理者 only after a reason is recorded (15 minutes a reason)."""

    list_display = ("number", "received_on", "status", "team", "confidentiality")
    list_filter = ("status", "team", "confidentiality")
    search_fields = ("=number",)
    search_help_text = _("ケース番号で探せます（例：2025-000123）。")
    list_per_page = 50
    view_on_site = False
    actions = None
    fields = (
        "number",
        "received_on",
        "channel",
        "came_from",
        "district",
        "status",
        "team",
        "confidentiality",
        "primary_staff",
        "secondary_staff",
        "main_concern",
        "closed_on",
        "outcome",
    )
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_break_glass(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return can_break_glass(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        if not (can_break_glass(request.user) and break_glass_open(request)):
            return Case.objects.none()
        return super().get_queryset(request).select_related("team", "district")

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not can_break_glass(request.user):
            raise PermissionDenied
        if not break_glass_open(request):
            return self._reason_view(request)
        reason = request.session.get(BREAK_GLASS_REASON_KEY, "")
        search = request.GET.get("q", "")
        services.access_log(
            user=signed_in_user(request),
            action=AccessLog.Action.BREAK_GLASS,
            detail=gettext("一覧 %(search)s（理由：%(reason)s）")
            % {"search": search, "reason": reason},
            request=request,
        )
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not can_break_glass(request.user):
            raise PermissionDenied
        if not break_glass_open(request):
            return HttpResponseRedirect(reverse("admin:consultations_case_changelist"))
        case = self.get_object(request, object_id)
        if case is not None:
            services.access_log(
                user=signed_in_user(request),
                action=AccessLog.Action.BREAK_GLASS,
                case=case,
                detail=gettext("理由：%(reason)s")
                % {"reason": request.session.get(BREAK_GLASS_REASON_KEY, "")},
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        raise PermissionDenied  # the admin's own history shows object names; not for cases

    def _reason_view(self, request: HttpRequest) -> HttpResponse:
        form = BreakGlassReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            request.session[BREAK_GLASS_SESSION_KEY] = time.time() + BREAK_GLASS_MINUTES * 60
            request.session[BREAK_GLASS_REASON_KEY] = reason
            services.access_log(
                user=signed_in_user(request),
                action=AccessLog.Action.BREAK_GLASS,
                detail=gettext("閲覧開始（理由：%(reason)s）") % {"reason": reason},
                request=request,
            )
            messages.warning(
                request,
                gettext(
                    "これから%(minutes)d分間、ケースを閲覧できます。開いたページはすべて記録されます。"
                )
                % {"minutes": BREAK_GLASS_MINUTES},
            )
            return HttpResponseRedirect(reverse("admin:consultations_case_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("理由を記録してケースを閲覧する"),
            "form": form,
            "opts": self.model._meta,
            "minutes": BREAK_GLASS_MINUTES,
        }
        return TemplateResponse(request, "admin/consultations/case/break_glass.html", context)


# --- The audit export (supervisors and 管理者) -------------------------------------------------

AUDIT_EXPORT_MAX_DAYS = 366


class AuditExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("書き出す記録"),
        choices=[
            (audit_export.ACCESS_LOG, _("アクセス記録")),
            (audit_export.CHANGE_HISTORY, _("変更履歴")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("書き出す記録を選んでください。")},
    )
    start = forms.DateField(
        label=_("期間の初日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("期間の初日を入れてください。"),
            "invalid": _("日付は 2025-04-01 のように入れてください。"),
        },
    )
    end = forms.DateField(
        label=_("期間の末日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("期間の末日を入れてください。"),
            "invalid": _("日付は 2025-04-01 のように入れてください。"),
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("末日は初日と同じか、それより後の日にしてください。"))
            elif (end - start).days >= AUDIT_EXPORT_MAX_DAYS:
                self.add_error("end", _("一度に書き出せるのは1年分までです。"))
        return cleaned


@admin.register(AccessLog)
class AuditExportAdmin(admin.ModelAdmin):
    """The access log and the change history for an audit, as CSV of a period: one page (this
    model's changelist URL), no browsing, no changes. The export is itself logged."""

    def get_urls(self) -> list[Any]:
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="consultations_accesslog_changelist",
            )
        ]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_export_audit(request.user)

    def has_view_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return can_export_audit(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not can_export_audit(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        form = AuditExportForm(
            request.GET or None,
            initial={
                "kind": audit_export.ACCESS_LOG,
                "start": today.replace(day=1),
                "end": today,
            },
        )
        if form.is_bound and form.is_valid():
            kind, start, end = (form.cleaned_data[key] for key in ("kind", "start", "end"))
            services.access_log(
                user=signed_in_user(request),
                action=AccessLog.Action.EXPORT,
                detail=f"audit {kind} {start}..{end}",
                request=request,
            )
            response = StreamingHttpResponse(
                audit_export.csv_chunks(kind, start=start, end=end),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="audit-{kind}-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
            )
            # Streamed, a batch at a time (a year of the access log is large); the admin's
            # stub types the changelist as HttpResponse, Django serves any response.
            return response  # type: ignore[return-value]
        context = {
            **self.admin_site.each_context(request),
            "title": _("監査のための書き出し"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/consultations/audit_export.html", context)
