from django.contrib import admin

from networks.models import DrivingForce


@admin.register(DrivingForce)
class DrivingForceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "plan", "slug", "updated_at")
    list_filter = ("plan",)
    search_fields = ("name", "lead", "body")
    fields = ("plan", "number", "slug", "name", "lead", "body")
    readonly_fields = ("plan", "number", "slug")
