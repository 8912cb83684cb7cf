from django.contrib import admin

from .models import AdministrativeUnit, AreaDataLoad


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    filter_horizontal = ["successors"]
    raw_id_fields = ["parent"]


@admin.register(AreaDataLoad)
class AreaDataLoadAdmin(admin.ModelAdmin):
    list_display = ["loaded_at", "source", "version", "provinces", "added", "renamed", "ended", "updated"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
