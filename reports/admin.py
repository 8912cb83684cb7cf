from django.contrib import admin

from .models import Report, ReportNarrative


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are requested and generated through the portal (``reports.services``)."""

    list_display = ["pk", "kind", "period", "area", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["period", "area__name", "request_key"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(admin.ModelAdmin):
    """Read-only: every saved version of a report's written sections (written on the report's page)."""

    list_display = ["report", "key", "version", "created_by", "created_at"]
    list_filter = ["key"]
    readonly_fields = [field.name for field in ReportNarrative._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
