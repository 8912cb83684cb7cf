"""Admin: reference data (classification, channels, dossier checklist, craft villages) is edited here.

Products and documents are read-only in the admin: they change only through the pages and the API, which call
``products.services`` (permission, area, audit log)."""

from django.contrib import admin

from .models import CraftVillage, Document, DocumentType, Product, ProductClass, SalesChannel


@admin.register(ProductClass)
class ProductClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regime", "level", "set_number", "maps_to", "set_148", "category_148"]
    list_filter = ["regime", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "maps_to"]
    readonly_fields = ["set_148", "category_148"]


@admin.register(SalesChannel)
class SalesChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scope", "order"]
    list_filter = ["scope", "required_for"]
    filter_horizontal = ["required_for"]


@admin.register(CraftVillage)
class CraftVillageAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "traditional", "recognition_decision"]
    list_filter = ["traditional"]
    search_fields = ["name"]
    raw_id_fields = ["unit"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "subject", "product_class", "unit", "production_status"]
    list_filter = ["production_status", "potential_five_star"]
    search_fields = ["name", "search_text"]
    list_select_related = ["subject", "product_class", "unit"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "subject", "product", "document_type", "content_type", "size", "uploaded_at"]
    list_filter = ["document_type", "content_type"]
    list_select_related = ["subject", "product", "document_type"]
