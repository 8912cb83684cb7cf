from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: imports are uploaded, checked and committed in the portal (``imports.services``)."""

    list_display = ["created_at", "kind", "original_name", "requested_by", "status", "total_rows", "error_count"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "requested_by__username"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
