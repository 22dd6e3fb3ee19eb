from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.easy_text import EasyTextAdmin
from plan.models import Plan


@admin.register(Plan)
class PlanAdmin(EasyTextAdmin, admin.ModelAdmin):
    list_display = ("__str__", "start_fiscal_year", "end_fiscal_year", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("name", "philosophy", "background")
    fieldsets = (
        (None, {"fields": ("number", "name", "is_published")}),
        (_("計画期間"), {"fields": ("start_fiscal_year", "end_fiscal_year")}),
        (_("理念と背景"), {"fields": ("philosophy", "philosophy_subtitle", "background")}),
        (_("案内文"), {"fields": ("forces_intro", "hashtag_guide")}),
    )
