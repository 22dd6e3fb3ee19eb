from django.contrib import admin

from core.models import ReadingFix


@admin.register(ReadingFix)
class ReadingFixAdmin(admin.ModelAdmin):
    """Coordinators' readings for ふりがな: a save or delete changes every page (the page cache
    is keyed on the content generation, which every write renews)."""

    list_display = ["surface", "reading", "note", "updated_at"]
    search_fields = ["surface", "reading", "note"]
