"""API of the yearly plan: plans, targets (with computed progress), budget lines (with totals), activities.

Every queryset comes from ``restrict`` (same scoping as the pages); writes go through ``programme.services``
(same rules, audit and "reason required after approval")."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.permissions import can_view_registry
from ocop_portal.api import ScopedModelViewSet
from ocop_portal.concurrency import pop_expected_version

from .. import selectors, services
from ..filtersets import ActivityFilterSet, BudgetLineFilterSet, PlanFilterSet, TargetFilterSet
from ..models import Activity, BudgetLine, FundingSource, Plan, Target
from .serializers import (
    ActivitySerializer,
    BudgetLineSerializer,
    BudgetTotalsSerializer,
    FundingSourceSerializer,
    PlanSerializer,
    TargetActualSerializer,
    TargetSerializer,
)

_errors = {
    400: OpenApiResponse(description="Dữ liệu không hợp lệ (hoặc thiếu lý do khi kế hoạch đã phê duyệt)"),
    403: OpenApiResponse(description="Không có quyền"),
}
_write_errors = {**_errors, 404: OpenApiResponse(description="Không có trong địa bàn")}
_update_errors = {
    **_write_errors,
    409: OpenApiResponse(description="Người khác đã lưu sau phiên bản “version” bạn gửi; kèm các trường đã thay đổi"),
}
ON_PARAM = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Tính tiến độ tại ngày này (yyyy-mm-dd hoặc dd/mm/yyyy); mặc định hôm nay"
)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


def _data_without_reason(serializer):
    data = dict(serializer.validated_data)
    reason = data.pop("reason", "")
    return data, reason


def _reason(request):
    return (request.data.get("reason") or "") if hasattr(request.data, "get") else ""


@extend_schema_view(
    create=extend_schema(responses={201: PlanSerializer, **_errors}),
    update=extend_schema(responses={200: PlanSerializer, **_update_errors}),
    partial_update=extend_schema(responses={200: PlanSerializer, **_update_errors}),
    destroy=extend_schema(responses={204: None, **_write_errors}),
)
class PlanViewSet(ScopedModelViewSet):
    """Kế hoạch OCOP hằng năm trong địa bàn của người dùng."""

    model = Plan
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["year", "number", "issued_on", "status", "planned_total", "disbursed_total"]
    ordering = ["-year", "unit__path", "pk"]

    def base_queryset(self):
        return selectors.with_plan_list_data(Plan.objects.all())

    def perform_create(self, serializer):
        data, _reason_unused = _data_without_reason(serializer)
        serializer.instance = services.plan_create(actor=self.request.user, data=data)

    def perform_update(self, serializer):
        data, reason = _data_without_reason(serializer)
        version = pop_expected_version(data)
        serializer.instance = services.plan_update(
            actor=self.request.user,
            plan=serializer.instance,
            data=data,
            reason=reason,
            expected_version=version,
        )

    def perform_destroy(self, instance):
        services.plan_delete(actor=self.request.user, plan=instance, reason=_reason(self.request))

    def _transition(self, service):
        plan = self.get_object()
        serializer = ReasonSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        service(actor=self.request.user, plan=plan, reason=serializer.validated_data.get("reason", ""))
        plan = self.base_queryset().get(pk=plan.pk)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonSerializer, responses={200: PlanSerializer, **_write_errors})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Ghi nhận kế hoạch đã được phê duyệt (cần số và ngày ban hành)."""
        return self._transition(services.plan_approve)

    @extend_schema(request=ReasonSerializer, responses={200: PlanSerializer, **_write_errors})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Chuyển kế hoạch đã phê duyệt về dự thảo (bắt buộc nêu lý do)."""
        return self._transition(services.plan_reopen)


@extend_schema_view(
    list=extend_schema(parameters=[ON_PARAM]),
    retrieve=extend_schema(parameters=[ON_PARAM]),
    create=extend_schema(responses={201: TargetSerializer, **_errors}),
    update=extend_schema(responses={200: TargetSerializer, **_update_errors}),
    partial_update=extend_schema(responses={200: TargetSerializer, **_update_errors}),
    destroy=extend_schema(responses={204: None, **_write_errors}),
)
class TargetViewSet(ScopedModelViewSet):
    """Chỉ tiêu, kèm tiến độ tính từ dữ liệu của cổng tại ngày ``on``."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["order", "indicator_type", "target_value"]
    ordering = ["plan", "order", "pk"]

    def base_queryset(self):
        return Target.objects.select_related("plan__unit", "entered_by")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["on"] = selectors.parse_on(self.request.query_params.get("on"))
        context["progress_cache"] = {}
        return context

    def perform_create(self, serializer):
        data, reason = _data_without_reason(serializer)
        plan = data.pop("plan")
        serializer.instance = services.target_create(actor=self.request.user, plan=plan, data=data, reason=reason)

    def perform_update(self, serializer):
        data, reason = _data_without_reason(serializer)
        data.pop("plan", None)
        version = pop_expected_version(data)
        serializer.instance = services.target_update(
            actor=self.request.user,
            target=serializer.instance,
            data=data,
            reason=reason,
            expected_version=version,
        )

    def perform_destroy(self, instance):
        services.target_delete(actor=self.request.user, target=instance, reason=_reason(self.request))

    @extend_schema(request=TargetActualSerializer, responses={200: TargetSerializer, **_write_errors})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def actual(self, request, pk=None):
        """Nhập kết quả thực hiện (chỉ tiêu nhập tay) kèm minh chứng."""
        target = self.get_object()
        serializer = TargetActualSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = services.target_record_actual(
            actor=request.user,
            target=target,
            value=data.get("entered_value"),
            evidence_text=data.get("evidence_text", ""),
            evidence_file=data.get("evidence_file"),
            expected_version=data["version"],
        )
        return Response(TargetSerializer(target, context=self.get_serializer_context()).data)


@extend_schema_view(
    create=extend_schema(responses={201: BudgetLineSerializer, **_errors}),
    update=extend_schema(responses={200: BudgetLineSerializer, **_update_errors}),
    partial_update=extend_schema(responses={200: BudgetLineSerializer, **_update_errors}),
    destroy=extend_schema(responses={204: None, **_write_errors}),
)
class BudgetLineViewSet(ScopedModelViewSet):
    """Dòng kinh phí (triệu đồng) theo nguồn vốn, địa bàn và nhiệm vụ."""

    model = BudgetLine
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
    ordering_fields = ["planned_mvnd", "allocated_mvnd", "disbursed_mvnd", "task"]
    ordering = ["-plan__year", "plan__unit__path", "source__order", "unit__path", "task", "pk"]

    def base_queryset(self):
        return BudgetLine.objects.select_related("plan__unit", "source", "unit")

    def perform_create(self, serializer):
        data, reason = _data_without_reason(serializer)
        plan = data.pop("plan")
        serializer.instance = services.budget_line_create(actor=self.request.user, plan=plan, data=data, reason=reason)

    def perform_update(self, serializer):
        data, reason = _data_without_reason(serializer)
        data.pop("plan", None)
        version = pop_expected_version(data)
        serializer.instance = services.budget_line_update(
            actor=self.request.user,
            line=serializer.instance,
            data=data,
            reason=reason,
            expected_version=version,
        )

    def perform_destroy(self, instance):
        services.budget_line_delete(actor=self.request.user, line=instance, reason=_reason(self.request))

    @extend_schema(responses={200: BudgetTotalsSerializer})
    @action(detail=False, methods=["get"])
    def totals(self, request):
        """Tổng kế hoạch / phân bổ / giải ngân theo nguồn vốn, địa bàn, nhiệm vụ (các bộ lọc như danh sách)."""
        lines = self.filter_queryset(self.get_queryset())
        return Response(BudgetTotalsSerializer(selectors.budget_totals(lines)).data)


@extend_schema_view(
    create=extend_schema(responses={201: ActivitySerializer, **_errors}),
    update=extend_schema(responses={200: ActivitySerializer, **_write_errors}),
    partial_update=extend_schema(responses={200: ActivitySerializer, **_write_errors}),
    destroy=extend_schema(responses={204: None, **_write_errors}),
)
class ActivityViewSet(ScopedModelViewSet):
    """Hoạt động tập huấn, truyền thông, xúc tiến thương mại, bản tin thị trường."""

    model = Activity
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    ordering_fields = ["start_date", "kind", "participants", "cost_mvnd"]
    ordering = ["-start_date", "-pk"]

    def base_queryset(self):
        return Activity.objects.select_related("unit", "funding_source")

    def perform_create(self, serializer):
        serializer.instance = services.activity_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.activity_update(
            actor=self.request.user,
            activity=serializer.instance,
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.activity_delete(actor=self.request.user, activity=instance, reason=_reason(self.request))


class CanViewRegistry(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and can_view_registry(request.user)


class FundingSourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Danh mục nguồn vốn (dữ liệu dùng chung, không theo địa bàn)."""

    queryset = FundingSource.objects.select_related("parent")
    serializer_class = FundingSourceSerializer
    permission_classes = [CanViewRegistry]
    pagination_class = None
    filterset_class = None
    ordering = ["order", "code"]
