import re

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from consultations.models import Inquiry
from consultations.permissions import can_change_inquiries, can_view_inquiries

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
        return super().get_queryset(request).visible_to(request.user).select_related("district")

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
        return request.user.is_superuser
