"""Admin: rule sets and their level reach are reference data; criteria, rounds, registrations and sheets are read-only
here (criteria change only through ``load_criteria``; the rest only through the pages and the API, which call
``evaluations.services``). A published rule set whose sheets are in use cannot be edited at all."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q

from . import services
from .models import CriteriaSet, Criterion, LevelReach, Option, Registration, Round, RuleSet, ScoreSheet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LevelReachInline(admin.TabularInline):
    model = LevelReach
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not (obj.published and services.rule_set_in_use(obj))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "effective_from",
        "effective_to",
        "based_on",
        "published",
        "requires_commune_report",
    ]
    inlines = [LevelReachInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.published and services.rule_set_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.rule_set_update(actor=request.user, rule_set=RuleSet.objects.get(pk=obj.pk), data=data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["order", "text", "points", "mandatory_stars", "unmet", "source_line"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "rule_set", "product_class", "source_file", "loaded_at"]
    list_filter = ["rule_set"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["title", "section", "max_points", "mandatory_stars", "source_line"]
    list_filter = ["section__part__criteria_set__rule_set", "section__part__criteria_set"]
    inlines = [OptionInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "sequence", "level", "unit", "rule_set", "status"]
    list_filter = ["level", "status", "year"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["product", "round", "kind", "status", "score", "stars", "proposed_action"]
    list_filter = ["status", "kind", "round__year"]
    search_fields = ["product__name"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ["registration", "member", "status", "submitted_at"]
    list_filter = ["status"]

    def get_queryset(self, request):
        """Sheet secrecy holds here too: another member's sheet only once its round is closed, in the user's area."""
        qs = super().get_queryset(request).restrict(request.user, "view")
        return qs.filter(Q(member=request.user) | Q(registration__round__scoring_closed_at__isnull=False))
