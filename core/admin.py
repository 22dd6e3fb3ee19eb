"""The readings of ふりがな, and the e-mail outbox (送信メール): what was sent, what waits,
what failed and why; failed mails can be sent again. The queue's own pages (タスク: queued,
successful and failed tasks, with 「再実行」, and the schedule) come with django-q2."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.emails import emails_retry
from core.models import OutboxEmail, ReadingFix


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "to", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = (
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "message_id",
        "body_text",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("選んだ送信失敗のメールを再送する"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        count = emails_retry(emails=queryset.filter(status=OutboxEmail.Status.FAILED))
        self.message_user(
            request,
            ngettext(
                "%(count)d件のメールを送信待ちに戻しました。",
                "%(count)d件のメールを送信待ちに戻しました。",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ReadingFix)
class ReadingFixAdmin(admin.ModelAdmin):
    """Coordinators' readings for ふりがな: a save or delete changes every page (the page cache
    is keyed on the content generation, which every write renews)."""

    list_display = ["surface", "reading", "note", "updated_at"]
    search_fields = ["surface", "reading", "note"]
