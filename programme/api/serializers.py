from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.scoping import visible_units
from ocop_portal.concurrency import VersionedSerializerMixin

from ..indicators import evaluate
from ..models import Activity, BudgetLine, FundingSource, Plan, Target
from ..services import ACTIVITY_FIELDS, BUDGET_LINE_FIELDS, PLAN_FIELDS, TARGET_FIELDS

MONEY = {"max_digits": 16, "decimal_places": 3}


def _request_user(serializer):
    request = serializer.context.get("request")
    return request.user if request is not None else None


class ReasonMixin(serializers.Serializer):
    reason = serializers.CharField(
        label=_("lý do thay đổi"),
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Bắt buộc khi kế hoạch đã phê duyệt."),
    )


class FundingSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "short_name", "parent", "order", "is_active"]


class PlanSerializer(VersionedSerializerMixin, ReasonMixin, serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    legal_basis_list = serializers.ListField(child=serializers.CharField(), read_only=True)
    target_count = serializers.IntegerField(read_only=True, default=None)
    planned_total = serializers.DecimalField(read_only=True, default=None, allow_null=True, **MONEY)
    allocated_total = serializers.DecimalField(read_only=True, default=None, allow_null=True, **MONEY)
    disbursed_total = serializers.DecimalField(read_only=True, default=None, allow_null=True, **MONEY)

    class Meta:
        model = Plan
        fields = [
            "id",
            *PLAN_FIELDS,
            "reason",
            "unit_name",
            "status",
            "status_display",
            "legal_basis_list",
            "approved_at",
            "target_count",
            "planned_total",
            "allocated_total",
            "disbursed_total",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["status", "approved_at", "created_at", "updated_at"]
        validators = []  # the unique (unit, year) rule is the service's, with a Vietnamese message

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(_request_user(self), "change")


class BreakdownSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    value = serializers.IntegerField()
    met = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer):
    on = serializers.DateField(source="actual.as_of")
    value = serializers.DecimalField(source="actual.value", max_digits=18, decimal_places=3, allow_null=True)
    goal = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True)
    percent = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    met = serializers.BooleanField()
    numerator = serializers.DecimalField(source="actual.numerator", max_digits=18, decimal_places=3, allow_null=True)
    denominator = serializers.DecimalField(
        source="actual.denominator", max_digits=18, decimal_places=3, allow_null=True
    )
    entered = serializers.BooleanField(source="actual.entered")
    breakdown = BreakdownSerializer(source="actual.breakdown", many=True)


class TargetSerializer(VersionedSerializerMixin, ReasonMixin, serializers.ModelSerializer):
    """A target with its progress computed on ``?on=`` (default today)."""

    indicator_label = serializers.CharField(source="get_indicator_type_display", read_only=True)
    display_unit = serializers.CharField(read_only=True)
    entered_by_name = serializers.CharField(source="entered_by", read_only=True, default=None, allow_null=True)
    progress = serializers.SerializerMethodField()
    records_url = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            *TARGET_FIELDS,
            "reason",
            "indicator_label",
            "display_unit",
            "entered_value",
            "evidence_text",
            "entered_at",
            "entered_by_name",
            "progress",
            "records_url",
            "version",
        ]
        read_only_fields = ["entered_value", "evidence_text", "entered_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.restrict(_request_user(self), "change")
        if hasattr(self.instance, "pk"):
            self.fields["plan"].read_only = True

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj):
        cache = self.context.setdefault("progress_cache", {})
        progress = evaluate(obj, self.context.get("on"), cache=cache)
        return ProgressSerializer(progress).data

    def get_records_url(self, obj) -> str:
        return reverse("programme:target_records", args=[obj.pk])


class TargetActualSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        label=_("phiên bản"),
        help_text=_(
            "Phiên bản dữ liệu bạn đã đọc. Bắt buộc khi cập nhật (PUT/PATCH); "
            "nếu người khác đã lưu sau đó, máy chủ trả 409 kèm các trường đã thay đổi."
        ),
    )
    entered_value = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    evidence_text = serializers.CharField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(required=False, allow_null=True)


class BudgetLineSerializer(VersionedSerializerMixin, ReasonMixin, serializers.ModelSerializer):
    plan_year = serializers.IntegerField(source="plan.year", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    task_display = serializers.CharField(source="get_task_display", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "plan",
            *BUDGET_LINE_FIELDS,
            "reason",
            "plan_year",
            "source_name",
            "unit_name",
            "task_display",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        self.fields["plan"].queryset = Plan.objects.restrict(user, "change")
        self.fields["unit"].queryset = visible_units(user, "change")
        self.fields["source"].queryset = FundingSource.objects.all()
        if hasattr(self.instance, "pk"):
            self.fields["plan"].read_only = True


class TotalsRowSerializer(serializers.Serializer):
    planned = serializers.DecimalField(allow_null=True, **MONEY)
    allocated = serializers.DecimalField(allow_null=True, **MONEY)
    disbursed = serializers.DecimalField(allow_null=True, **MONEY)
    lines = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


class GroupTotalsSerializer(TotalsRowSerializer):
    id = serializers.IntegerField(source="group_id")
    name = serializers.CharField(source="group_name")


class SourceTotalsSerializer(TotalsRowSerializer):
    id = serializers.IntegerField(source="source_id")
    name = serializers.CharField(source="source__name")
    parent = serializers.IntegerField(source="source__parent_id", allow_null=True)


class AreaTotalsSerializer(TotalsRowSerializer):
    id = serializers.IntegerField(source="unit_id")
    name = serializers.CharField(source="unit__name")
    level = serializers.CharField(source="unit__level")


class TaskTotalsSerializer(TotalsRowSerializer):
    task = serializers.CharField()
    label = serializers.CharField()


class BudgetTotalsSerializer(serializers.Serializer):
    """Totals in million VND (triệu đồng), computed by the database over the filtered lines."""

    total = TotalsRowSerializer()
    by_group = GroupTotalsSerializer(many=True)
    by_source = SourceTotalsSerializer(many=True)
    by_area = AreaTotalsSerializer(many=True)
    by_task = TaskTotalsSerializer(many=True)


class ActivitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    funding_source_name = serializers.CharField(
        source="funding_source.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            *ACTIVITY_FIELDS,
            "kind_display",
            "unit_name",
            "funding_source_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(_request_user(self), "change")
