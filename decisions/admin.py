from django.contrib import admin

from .models import Authority, Decision, ExpiryNotice, Notification, Recognition, Revocation


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    """Issuing authorities are reference data kept by the administrator."""

    list_display = ["code", "name", "level", "unit", "number_suffix", "signer_name", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "number_suffix"]
    list_select_related = ["unit"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: decisions are drafted and issued in the portal (``decisions.services``), where the area rules,
    numbering and audit log apply; an issued decision is never edited (a correction decision is issued)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecognitionInline(admin.TabularInline):
    model = Recognition
    fields = ["product", "stars", "score", "kind", "valid_from", "valid_until", "certificate_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RevocationInline(admin.TabularInline):
    model = Revocation
    fields = ["recognition", "ground", "ground_text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number_display", "date", "kind", "authority", "status", "historical"]
    list_filter = ["kind", "status", "historical", "authority"]
    search_fields = ["number_display", "subject_line"]
    list_select_related = ["authority"]
    inlines = [RecognitionInline, RevocationInline]


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(ReadOnlyAdmin):
    list_display = ["recognition", "kind", "sent_on", "sent_at"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
