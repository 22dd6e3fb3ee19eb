"""Coordinators decide which activities take sign-ups, see who joined, and call off or move a
date (which tells everyone who joined it)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.templatetags.display import date_with_weekday
from participation import services
from participation.models import (
    OccurrenceChange,
    Participation,
    ParticipationSettings,
    SeriesAttendance,
)


class ParticipationSettingsForm(forms.ModelForm):
    """Lowering the capacity below the places already taken on an upcoming date is refused
    (nobody loses a place silently); so is changing the scope once people have joined."""

    class Meta:
        model = ParticipationSettings
        fields = (
            "activity",
            "is_open",
            "role",
            "scope",
            "capacity",
            "question",
            "closes_hours_before",
        )

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is None or self.instance.pk is None:
            return capacity
        fullest = services.capacity_overfilled(self.instance, capacity)
        if fullest is not None:
            when = date_with_weekday(fullest.date) if fullest.date else _("全日程")
            raise forms.ValidationError(
                _(
                    "%(when)sはすでに%(n)d人の参加が決まっているため、定員を%(n)d人より"
                    "少なくできません。減らすときは、先に参加者と相談して申込みを取り消してください。"
                ),
                params={"when": when, "n": fullest.taken},
            )
        return capacity

    def clean_scope(self) -> str | None:
        scope = self.cleaned_data.get("scope")
        if self.instance.pk is None or scope == self.instance.scope:
            return scope
        joined = Participation.objects.active().filter(activity_id=self.instance.activity_id)
        if joined.coming(timezone.localdate()).exists():
            raise forms.ValidationError(
                _(
                    "申込みがあるため、申込みの単位は変えられません。先に申込みを取り消してください。"
                )
            )
        return scope


@admin.register(ParticipationSettings)
class ParticipationSettingsAdmin(admin.ModelAdmin):
    """Raising the capacity moves people up from the waiting lists (and tells them)."""

    form = ParticipationSettingsForm
    list_display = ("activity", "is_open", "role", "scope", "capacity", "roster_link")
    list_filter = ("is_open", "role", "scope")
    search_fields = ("activity__title",)
    autocomplete_fields = ("activity",)
    list_select_related = ("activity",)

    def save_model(
        self, request: HttpRequest, obj: ParticipationSettings, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            moved = services.waiting_lists_move_up(offer=obj)
            if moved:
                messages.info(
                    request,
                    _("キャンセル待ちの%(n)d人の参加が決まり、メールで知らせました。")
                    % {"n": len(moved)},
                )

    @admin.display(description=_("参加者名簿"))
    def roster_link(self, obj: ParticipationSettings) -> str:
        url = reverse("participation:roster", args=[obj.activity_id])
        return format_html('<a href="{}">{}</a>', url, _("名簿を見る"))


class SeriesAttendanceInline(admin.TabularInline):
    """A place in the whole series: who came on each date (recorded on the roster)."""

    model = SeriesAttendance
    extra = 0
    fields = ("date", "attended")
    readonly_fields = ("date",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # recorded on the roster, for a date of the series


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    inlines = [SeriesAttendanceInline]
    list_display = ("activity", "date", "user", "status", "attended", "created_at")
    list_filter = ("status", "attended")
    search_fields = ("activity__title", "user__name", "user__email")
    list_select_related = ("activity", "user")
    date_hierarchy = "date"
    readonly_fields = (
        "activity",
        "date",
        "user",
        "status",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    )
    fields = (*readonly_fields, "answer", "attended", "reminded_for")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # residents join on the site; the waiting list and limits hold there


class OccurrenceChangeForm(forms.ModelForm):
    class Meta:
        model = OccurrenceChange
        fields = ("activity", "date", "kind", "moved_to", "reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, moved_to = data.get("kind"), data.get("moved_to")
        if kind == OccurrenceChange.Kind.MOVED and not moved_to:
            self.add_error("moved_to", _("変更後の開催日を入力してください。"))
        if kind == OccurrenceChange.Kind.MOVED and moved_to and moved_to == data.get("date"):
            self.add_error("moved_to", _("変更後の開催日は、元の日と違う日にしてください。"))
        today = timezone.localdate()
        if kind == OccurrenceChange.Kind.MOVED and moved_to and moved_to < today:
            self.add_error("moved_to", _("変更後の開催日は、今日以降の日にしてください。"))
        activity, date = data.get("activity"), data.get("date")
        if activity is not None and date is not None:
            if date < today:
                self.add_error("date", _("終わった開催日は中止・変更できません。"))
            elif not _is_a_date_of(activity, date):
                self.add_error("date", _("この日はこの活動の開催日ではありません。"))
            elif (
                kind == OccurrenceChange.Kind.MOVED
                and moved_to
                and moved_to >= today
                and (full := services.move_overfills(activity=activity, date=date, to=moved_to))
                is not None
            ):
                self.add_error("moved_to", services.overfill_message(full))
        return data


def _is_a_date_of(activity: Any, date: Any) -> bool:
    """One of its dates, or a day someone holds a place on (a date moved there)."""
    return (
        activity.occurrences.filter(date=date).exists()
        or Participation.objects.active().for_slot(activity, date).exists()
    )


@admin.register(OccurrenceChange)
class OccurrenceChangeAdmin(admin.ModelAdmin):
    """Adding a row calls the date off or moves it, and e-mails everyone who joined it."""

    form = OccurrenceChangeForm
    list_display = ("activity", "date", "kind", "moved_to", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("activity__title", "reason")
    autocomplete_fields = ("activity",)
    list_select_related = ("activity",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[OccurrenceChange]:
        return super().get_queryset(request)

    def save_model(
        self, request: HttpRequest, obj: OccurrenceChange, form: Any, change: bool
    ) -> None:
        if obj.kind == OccurrenceChange.Kind.MOVED and obj.moved_to is not None:
            told = services.occurrence_move(
                activity=obj.activity, date=obj.date, to=obj.moved_to, reason=obj.reason
            )
        else:
            told = services.occurrence_cancel(
                activity=obj.activity, date=obj.date, reason=obj.reason
            )
        obj.pk = OccurrenceChange.objects.get(activity=obj.activity, date=obj.date).pk
        messages.info(request, _("申し込んでいた%(n)d人にメールで知らせました。") % {"n": told})
