from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("OCOP", {"fields": ("full_name", "role", "unit", "position", "phone")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("OCOP", {"fields": ("full_name", "role", "unit")}),)
    raw_id_fields = ["unit"]
