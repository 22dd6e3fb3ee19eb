import datetime as dt
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, CheckboxSelectMultiple
from django.http import (
    HttpRequest,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import objections
from core.easy_text import EasyTextAdmin
from core.import_admin import ImportExportAdmin
from core.objections import ObjectionsAdminMixin
from core.uploads import FileUploadAdminMixin
from networks.forms import ActivityAdminForm, CoordinatorAdminForm, MapPickerWidget
from networks.models import (
    Activity,
    ActivityDayOff,
    ActivitySession,
    Closure,
    ContactPoint,
    Coordinator,
    Facility,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    Member,
    MemberEditor,
    OpeningHours,
    Station,
)
from networks.resources import ActivityResource, FacilityResource, MemberResource
from networks.services import activity_refresh_occurrences

# --- Near me: stations and places on the map ------------------------------------------------


class LocatedAdminMixin:
    """For the admin of a model with a location (networks.models.Coordinates / Located): the
    latitude input gets the map picker, nearest stations are checkboxes. Put
    `LOCATION_FIELDSET` in the fieldsets."""

    # (typed loosely: django-stubs' fieldset options are a TypedDict a literal cannot name)
    LOCATION_FIELDSET: ClassVar[Any] = (
        _("地図と最寄り駅"),
        {
            "fields": ("latitude", "longitude", "stations"),
            "description": _(
                "地図をクリックして場所を選ぶか、緯度と経度を入力します。最寄り駅は一覧の"
                "「駅で探す」と、印刷用の居場所マップに使います。"
            ),
        },
    )

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "latitude":
            kwargs["widget"] = MapPickerWidget()
        elif db_field.name == "stations":
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Station)
class StationAdmin(LocatedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "name_kana", "lines", "latitude", "longitude", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("name", "name_kana", "lines")
    fieldsets = (
        (None, {"fields": ("name", "name_kana", "lines")}),
        (_("地図"), {"fields": ("latitude", "longitude")}),
    )


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
        (_("表示"), {"fields": ("last_confirmed_on", "is_listed")}),
    )
    formfield_overrides = {
        models.ManyToManyField: {"widget": CheckboxSelectMultiple},
        # An address typed without a scheme is taken as https://, as the editors' form takes it
        models.URLField: {"assume_scheme": "https"},
    }
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
class FacilityAdmin(LocatedAdminMixin, ImportExportAdmin):
    resource_classes = [FacilityResource]
    list_display = ("name", "member", "district", "target_group_list", "is_listed", "is_sample")
    list_filter = ("district", "target_groups", "member__kind", "is_listed", "is_sample")
    list_select_related = ("member", "district")
    search_fields = ("name", "name_kana", "address", "member__name")
    autocomplete_fields = ("member",)
    fieldsets = (
        (None, {"fields": ("member", "name", "name_kana", "target_groups", "district")}),
        (_("所在地と連絡先"), {"fields": ("address", "phone")}),
        LocatedAdminMixin.LOCATION_FIELDSET,
        (_("案内"), {"fields": ("opening_notes", "accessibility_notes")}),
        (_("表示"), {"fields": ("last_confirmed_on", "is_listed")}),
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


class ActivitySessionFormSet(BaseInlineFormSet):
    """A saved session whose day is changed moves its date, and whoever joined it with it
    (participation): not onto a day that has passed, nor where an app above objects (the new
    day would hold more places than the capacity)."""

    def clean(self) -> None:
        super().clean()
        today = timezone.localdate()
        moves = _dates_moved(self)  # all at once: two sessions may swap days, or shift on
        for session_form, date, to in _session_moves(self):
            if date >= today > to:
                session_form.add_error(
                    "starts_at",
                    _(
                        "これからの開催日を、過ぎた日には移せません。中止するときは削除してください。"
                    ),
                )
            if moves.get(date) != to:  # a session stays on the old day: its date stays
                continue
            for reason in objections.date_move_objections(self.instance, date, to, moves=moves):
                session_form.add_error("starts_at", reason)


class ActivitySessionInline(admin.TabularInline):
    model = ActivitySession
    formset = ActivitySessionFormSet
    extra = 1
    fields = ("starts_at", "ends_at", "note")
    verbose_name_plural = _("開催日（「日付を指定」のとき）")


class ActivityDayOffInline(admin.TabularInline):
    model = ActivityDayOff
    extra = 1
    fields = ("start_date", "end_date", "reason")
    verbose_name_plural = _("休みの日（「毎週」「毎月」のとき。年末年始、会場が使えない日など）")


def _session_moves(formset: Any) -> list[tuple[Any, dt.date, dt.date]]:
    """(form, old day, new day) of each saved session whose start moves to another day."""
    moves = []
    for session_form in formset.initial_forms:  # sessions saved before
        if "starts_at" not in session_form.changed_data or session_form in formset.deleted_forms:
            continue
        new_start = session_form.cleaned_data.get("starts_at")
        if new_start is None:  # refused already
            continue
        date = timezone.localdate(session_form.initial["starts_at"])
        to = timezone.localdate(new_start)
        if date != to:
            moves.append((session_form, date, to))
    return moves


def _dates_moved(formset: Any) -> dict[dt.date, dt.date]:
    """Old day → new day of each date that the saved sessions on it (those not deleted) all
    left for another day: the date moves, places and all. A date one of its sessions stays on
    keeps its places. Moves are taken together: two sessions swapping days, or each taking
    the next one's day, move each date's places to its new day."""
    stays: set[dt.date] = set()
    moves: dict[dt.date, dt.date] = {}
    for session_form in formset.initial_forms:  # sessions saved before
        if session_form in formset.deleted_forms:
            continue
        date = timezone.localdate(session_form.initial["starts_at"])
        start = (
            session_form.cleaned_data.get("starts_at")
            if "starts_at" in session_form.changed_data
            else session_form.initial["starts_at"]
        )
        if start is None:  # refused already
            continue
        to = timezone.localdate(start)
        if to == date:
            stays.add(date)
        else:
            moves.setdefault(date, to)
    return {date: to for date, to in moves.items() if date not in stays}


def _sessions_moved(formsets: Any) -> dict[dt.date, dt.date]:
    """Old day → new day of each date whose sessions moved to another day (_dates_moved)."""
    return {
        date: to
        for formset in formsets
        if formset.model is ActivitySession
        for date, to in _dates_moved(formset).items()
    }


@admin.register(Activity)
class ActivityAdmin(ObjectionsAdminMixin, EasyTextAdmin, LocatedAdminMixin, ImportExportAdmin):
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
        LocatedAdminMixin.LOCATION_FIELDSET,
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
        (
            _("祝日と休止"),
            {
                "fields": ("skips_holidays", ("is_paused", "pause_reason", "resumes_on")),
                "description": _(
                    "「祝日は休み」にすると、国民の祝日と振替休日は開催日から外れます。ほかに休む日は"
                    "下の「休みの日」に入れます。しばらく休むときは「休止中」にして理由と、決まって"
                    "いれば再開日を入れます（再開日より前の開催日は表示しません）。"
                ),
            },
        ),
        (_("参加のご案内"), {"fields": ("fee", "how_to_join", "contact")}),
        (_("分類と確認"), {"fields": ("hashtags", "last_confirmed_on", "is_listed")}),
    )
    inlines = [ActivitySessionInline, ActivityDayOffInline]
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
        # The dates lists filter and sort by, from the sessions just saved or the rule; a
        # session moved to another day moves its date (those who joined it are told so)
        activity_refresh_occurrences(activity=form.instance, moved=_sessions_moved(formsets))

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
        (_("アカウント（公開されません）"), {"fields": ("account",)}),
    )
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
    readonly_fields = ("current_photo",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Coordinator | None = None
    ) -> tuple[str, ...]:
        # Which account acts for which districts (notifications, messages to ネリーズ) is the
        # administrators' decision: a coordinator cannot widen their own remit.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "account")

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


# --- Contact points (窓口) -------------------------------------------------------------------


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens", "closes")


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    fields = ("label", "starts_on", "ends_on")


@admin.register(ContactPoint)
class ContactPointAdmin(EasyTextAdmin, LocatedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "district", "phone", "fax", "order", "is_listed", "is_sample")
    list_editable = ("order",)
    list_filter = ("district", "is_listed", "is_sample")
    search_fields = ("name", "address", "phone")
    fieldsets = (
        (None, {"fields": ("name", "district")}),
        (_("連絡先"), {"fields": ("postal_code", "address", "phone", "fax", "email")}),
        (_("受付時間"), {"fields": ("closed_on_holidays", "hours_note")}),
        (_("行き方"), {"fields": ("access", "step_free_access", "notes")}),
        LocatedAdminMixin.LOCATION_FIELDSET,
        (_("表示"), {"fields": ("order", "is_listed")}),
    )
    inlines = [OpeningHoursInline, ClosureInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactPoint]:
        return super().get_queryset(request).select_related("district")


# --- Member organisations' editors (invited on /network/review/invitations/) -----------------


@admin.register(MemberEditor)
class MemberEditorAdmin(admin.ModelAdmin):
    """Who edits which member's entries; a coordinator removes an editor here (the account
    stays, with no organisation: every editor page is then a 404 for it)."""

    list_display = ("user", "member", "created_at", "reminded_on")
    list_filter = ("member__kind",)
    search_fields = ("user__name", "user__email", "member__name")
    list_select_related = ("user", "member")
    readonly_fields = ("user", "member", "created_at", "reminded_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # editors come through an invitation

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- The network's meetings -----------------------------------------------------------------


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 1
    fields = ("kind", "title", "file")
    verbose_name_plural = _("資料・議事録（PDF）")


class MeetingAttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0
    fields = ("user", "registered_at")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("出席を登録した会員")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(FileUploadAdminMixin, admin.ModelAdmin):
    file_not_stored_message = _(
        "ファイルを保存できませんでした。時間をおいて、もう一度ファイルを選んで保存してください。"
    )
    list_display = (
        "title",
        "kind",
        "starts_at",
        "district",
        "audience",
        "minutes_published_at",
        "is_sample",
    )
    list_filter = ("kind", "audience", "district", "is_sample")
    list_select_related = ("district",)
    search_fields = ("title", "agenda", "minutes", "place")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("facility",)
    fieldsets = (
        (None, {"fields": ("kind", "title", "audience", "driving_force")}),
        (
            _("日時と会場"),
            {
                "fields": (
                    ("starts_at", "ends_at"),
                    "facility",
                    "contact_point",
                    "place",
                    "district",
                )
            },
        ),
        (_("議題"), {"fields": ("agenda",)}),
        (_("議事録"), {"fields": ("minutes", "minutes_published_at")}),
    )
    readonly_fields = ("minutes_published_at",)
    inlines = [MeetingDocumentInline, MeetingAttendanceInline]
    actions = ["publish_minutes"]

    @admin.action(description=_("選択した会議の議事録を公開する"), permissions=["change"])
    def publish_minutes(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        published = 0
        for meeting in queryset:
            if meeting.has_taken_place and not meeting.minutes_are_published:
                meeting.publish_minutes()
                self.log_change(
                    request, meeting, [{"changed": {"fields": ["minutes_published_at"]}}]
                )
                published += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d件の議事録を公開しました（まだ開いていない会議は公開しません）。",
                "%(count)d件の議事録を公開しました（まだ開いていない会議は公開しません）。",
                published,
            )
            % {"count": published},
            messages.SUCCESS,
        )
