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
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.http import signed_in_user
from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR
from consultations import audit_export, onboarding, services
from consultations.models import (
    AccessLog,
    Case,
    Category,
    Inquiry,
    InquiryQuerySet,
    ReferralDestination,
    StaffInvitation,
    StaffMember,
    Team,
    TeamMembership,
)
from consultations.permissions import (
    can_break_glass,
    can_change_inquiries,
    can_export_audit,
    can_manage_staff,
    can_view_inquiries,
    has_case_role,
)

_REFERENCE = re.compile(r"^\s*([0-9A-Za-z]{4})-?([0-9A-Za-z]{4})\s*$")


class LookOnlyAdmin(admin.ModelAdmin):
    """An admin page some people may look at and nobody may change through: no add, change or
    delete for anyone. Who may look is one predicate, `may_look(user)`, from
    consultations.permissions."""

    may_look: Callable[[Any], bool]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_look(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_look(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """A member taken off the team (row deleted, or the row's person replaced) leaves
        through the off-boarding service, which writes the access log."""
        if formset.model is not TeamMembership:
            super().save_formset(request, form, formset, change)
            return
        by = signed_in_user(request)
        instances = formset.save(commit=False)
        leaving = list(formset.deleted_objects)
        for membership, changed in formset.changed_objects:
            if "user" in changed:
                previous = TeamMembership.objects.select_related("user", "team").get(
                    pk=membership.pk
                )
                leaving.append(TeamMembership(user=previous.user, team=previous.team))
        for membership in leaving:
            still_assigned = onboarding.team_membership_remove(
                membership=membership, by=by, request=request
            )
            if still_assigned:
                messages.warning(
                    request,
                    gettext(
                        "%(name)s さんは、このチームの終了していないケース"
                        "%(count)d件の担当のままです。"
                        "担当者として引き続き閲覧できるため、チームの主任相談員に担当の変更を"
                        "依頼してください（すべての利用を止めるには、利用者の「有効」を外します）。"
                    )
                    % {"name": membership.user, "count": still_assigned},
                )
        for membership in instances:
            membership.save()
        formset.save_m2m()


# --- Staff: invitations and off-boarding (管理者) ---------------------------------------------


class StaffInvitationForm(forms.ModelForm):
    class Meta:
        model = StaffInvitation
        fields = ("email", "name", "team", "role")
        help_texts = {
            "email": _("招待メールをこのアドレスに送ります。ログインにも使います。"),
            "role": _(
                "主任相談員は、そのチームの主任（制限ケースを含むすべてのケース）になります。"
            ),
        }

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        onboarding.invitation_validate(email=email)
        return email


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    """Invite a 相談員 or 主任相談員: the e-mail's single-use link leads them through their
    password and second factor to the workspace (consultations/onboarding.py). An invitation
    is the record of who invited whom: never edited or deleted, only sent again or revoked."""

    form = StaffInvitationForm
    list_display = ("email", "name", "team", "role", "state_label", "expires_at", "created_by")
    list_filter = ("team", "role")
    search_fields = ("email", "name")
    actions = ["send_again", "revoke"]
    view_on_site = False
    readonly = (
        "email",
        "name",
        "team",
        "role",
        "state_label",
        "created_at",
        "created_by",
        "expires_at",
        "accepted_at",
        "accepted_user",
        "revoked_at",
    )

    @admin.display(description=_("状態"))
    def state_label(self, invitation: StaffInvitation) -> str:
        return invitation.get_state_display()

    def get_fields(self, request: HttpRequest, obj: StaffInvitation | None = None) -> Any:
        return self.readonly if obj is not None else StaffInvitationForm.Meta.fields

    def get_readonly_fields(self, request: HttpRequest, obj: StaffInvitation | None = None) -> Any:
        return self.readonly if obj is not None else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffInvitation]:
        return super().get_queryset(request).select_related("team", "created_by")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_staff(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Everything is read-only: no save buttons (the actions are on the list).
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context.update(show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: StaffInvitation, form: Any, change: bool
    ) -> None:
        if change:
            return  # nothing here is edited
        by = signed_in_user(request)
        onboarding.invitation_issue(invitation=obj, by=by, request=request)
        _report_sending(request, obj)

    @admin.action(description=_("選んだ招待をもう一度送る（新しいリンク、古いリンクは無効）"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[StaffInvitation]) -> None:
        by = signed_in_user(request)
        for invitation in queryset:
            try:
                onboarding.invitation_resend(invitation=invitation, by=by, request=request)
            except onboarding.InvitationUnusableError as error:
                text = (
                    gettext("%(email)s の利用者はすでに登録されています（招待は送り直せません）。")
                    if error.state == onboarding.TAKEN
                    else gettext("%(email)s への招待はすでに使われています（送り直せません）。")
                )
                messages.error(request, text % {"email": invitation.email})
                continue
            _report_sending(request, invitation)

    @admin.action(description=_("選んだ招待を取り消す（リンクを無効にする）"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[StaffInvitation]) -> None:
        by = signed_in_user(request)
        for invitation in queryset:
            onboarding.invitation_revoke(invitation=invitation, by=by, request=request)
        messages.success(request, gettext("選んだ招待のリンクを無効にしました。"))


def _report_sending(request: HttpRequest, invitation: StaffInvitation) -> None:
    values = {
        "email": invitation.email,
        "until": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
    }
    messages.success(
        request, gettext("%(email)s に招待メールを送りました（有効期限 %(until)s）。") % values
    )


STAFF_EVENTS = [
    AccessLog.Action.STAFF_INVITE,
    AccessLog.Action.STAFF_JOIN,
    AccessLog.Action.STAFF_TEAM_LEAVE,
    AccessLog.Action.STAFF_DEACTIVATE,
]
STAFF_EVENTS_READ = 500  # the most recent staff events looked through on a person's page


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    """Off-boarding for 管理者: consultation staff listed with their teams and roles, and one
    action, 「利用を停止する」 (consultations.onboarding.staff_deactivate, logged). Leaving one
    team is done on the team's page. Nothing else of an account is edited here."""

    list_display = ("name", "email", "teams", "roles", "is_active", "last_login")
    list_filter = ("is_active", "team_memberships__team")
    search_fields = ("name", "email")
    actions = ["deactivate"]
    view_on_site = False
    fields = (
        "name",
        "email",
        "teams",
        "roles",
        "is_active",
        "last_login",
        "date_joined",
        "staff_events",
    )
    readonly_fields = fields

    @admin.display(description=_("招待・チーム・利用停止の記録（アクセス記録から）"))
    def staff_events(self, member: StaffMember) -> SafeString:
        """This person's rows among the access log's staff events (newest first). The detail
        is encrypted, so the recent events are read and matched here, not in the database."""
        mark = f"<{member.email}>"
        recent = (
            AccessLog.objects.filter(action__in=STAFF_EVENTS)
            .select_related("user")
            .order_by("-at", "-pk")[:STAFF_EVENTS_READ]
        )
        rows = [log for log in recent if mark in log.detail]
        if not rows:
            return SafeString(escape(gettext("記録はありません。")))
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}（{}）</li>",
                (
                    (
                        timezone.localtime(log.at).strftime("%Y-%m-%d %H:%M"),
                        log.get_action_display(),
                        log.user or "-",
                    )
                    for log in rows
                ),
            ),
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffMember]:
        case_roles = (CONSULTATION_STAFF, SUPERVISOR)
        return (
            super()
            .get_queryset(request)
            .filter(Q(groups__name__in=case_roles) | Q(team_memberships__isnull=False))
            .filter(is_superuser=False)
            .distinct()
            .prefetch_related("groups", "team_memberships__team")
        )

    @admin.display(description=_("チーム"))
    def teams(self, member: StaffMember) -> str:
        return "、".join(
            f"{m.team.name}{gettext('（主任）') if m.is_supervisor else ''}"
            for m in member.team_memberships.all()
        )

    @admin.display(description=_("役割"))
    def roles(self, member: StaffMember) -> str:
        return "、".join(group.name for group in member.groups.all())

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_staff(request.user)  # the action; every field is read-only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # staff come in through an invitation

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # their records name them: deactivate instead

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context.update(show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        return  # nothing here is edited

    @admin.action(description=_("選んだ職員の利用を停止する（次の操作からログアウト）"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[StaffMember]) -> None:
        by = signed_in_user(request)
        for member in queryset.filter(is_active=True):
            if member.pk == by.pk:
                messages.error(request, gettext("自分自身の利用は停止できません。"))
                continue
            onboarding.staff_deactivate(staff=member, by=by, request=request)
            messages.success(
                request, gettext("%(name)s さんの利用を停止しました。") % {"name": member}
            )


# The user admin (accounts/admin.py) with off-boarding: taking case access away from someone
# (unticking 有効, or taking their case role away) is written to the access log.
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            before = User.objects.get(pk=obj.pk)
            obj._case_access_before = before.is_active and has_case_role(before)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # groups are saved here
        user = form.instance
        if not getattr(user, "_case_access_before", False):
            return
        after = User.objects.get(pk=user.pk)
        if not after.is_active:
            what = gettext("利用停止（有効を外した）")
        elif not has_case_role(after):
            what = gettext("相談員・主任相談員の役割を外した")
        else:
            return
        onboarding.staff_offboarding_log(
            staff=after, by=signed_in_user(request), what=what, request=request
        )


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
class CaseBreakGlassAdmin(LookOnlyAdmin):
    """Cases, read-only, for 管理者 only after a reason is recorded (15 minutes a reason)."""

    may_look = staticmethod(can_break_glass)

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
class AuditExportAdmin(LookOnlyAdmin):
    """The access log and the change history for an audit, as CSV of a period: one page (this
    model's changelist URL), no browsing, no changes. The export is itself logged."""

    may_look = staticmethod(can_export_audit)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="consultations_accesslog_changelist",
            )
        ]

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
