from django.contrib import admin

from .models import Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    """Read-only here: subjects are created, changed and deleted in the portal, where the area rules, the
    duplicate checks and the audit log apply (``subjects.services``)."""

    list_display = ["name", "legal_form", "registration_number", "unit", "representative_name", "status"]
    list_filter = ["legal_form", "status", "representative_gender", "is_sme"]
    search_fields = ["name", "registration_number", "tax_code", "search_text"]
    list_select_related = ["unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
