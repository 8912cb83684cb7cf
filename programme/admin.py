"""Admin: funding sources (reference data) are edited here; plans, targets, budget lines and activities are
read-only here because their writes carry rules and audit (use the programme pages or the API)."""

from django.contrib import admin

from .models import Activity, BudgetDocument, BudgetLine, FundingSource, Plan, Target


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "parent", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "unit", "number", "issued_on", "status"]
    list_filter = ["status", "year"]
    search_fields = ["number", "title"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "indicator_type", "target_value", "actual_mode"]
    list_filter = ["indicator_type"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["plan", "source", "unit", "task", "planned_mvnd", "allocated_mvnd", "disbursed_mvnd"]
    list_filter = ["source", "task"]


@admin.register(BudgetDocument)
class BudgetDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "line", "content_type", "size", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["start_date", "kind", "title", "unit", "sessions", "participants", "cost_mvnd"]
    list_filter = ["kind"]
    search_fields = ["title", "organiser"]
