from django.contrib import admin

from .models import DashboardSnapshot, GeneratedDataset


@admin.register(DashboardSnapshot)
class DashboardSnapshotAdmin(admin.ModelAdmin):
    list_display = ("area", "year", "as_of", "computed_at", "duration_ms", "last_viewed_at")
    list_filter = ("year",)
    readonly_fields = [f.name for f in DashboardSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GeneratedDataset)
class GeneratedDatasetAdmin(admin.ModelAdmin):
    list_display = ("created_at", "scale", "seed", "as_of", "seconds")
    readonly_fields = [f.name for f in GeneratedDataset._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
