from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_repr", "request_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "request_id", "reason"]

    def get_queryset(self, request):
        """The same rows as the pages: the user's area, sealed score-sheet entries hidden until closing."""
        return super().get_queryset(request).restrict(request.user, "audit")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
