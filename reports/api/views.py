"""API: the report figures (same selectors as the documents) and report jobs. A caller may only ask for areas inside
their own scope: another area is a 404, as for every other object of the portal."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.scoping import in_scope
from areas.models import AdministrativeUnit
from areas.selectors import find_unit
from ocop_portal.api import RoleActionPermission, ScopedReadOnlyViewSet

from .. import services
from ..figures import compute
from ..filtersets import ReportFilterSet
from ..models import Report
from ..periods import Period, PeriodError
from ..permissions import can_request_reports
from .serializers import FiguresQuerySerializer, ReportRequestSerializer, ReportSerializer


def resolve_area(user, value, period, action="view"):
    """A unit id or code (the unit in force at the period's end), only if it lies in the user's scope."""
    value = str(value or "").strip()
    unit = None
    if value.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        unit = AdministrativeUnit.objects.filter(pk=int(value)).first()
    if unit is None and value:
        unit = find_unit(value, on=period.end)
    if unit is None or not in_scope(user, unit, action):
        raise Http404
    return unit


class FiguresViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated, RoleActionPermission]
    write_action = "change"

    @extend_schema(
        summary="Số liệu báo cáo của một kỳ và một địa bàn",
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, required=True, description="2022 hoặc 2022-H1"),
            OpenApiParameter("area", OpenApiTypes.STR, required=True, description="id hoặc mã đơn vị hành chính"),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Số liệu (schema ocop-report-figures/1)"),
            400: OpenApiResponse(description="Kỳ báo cáo không hợp lệ"),
            404: OpenApiResponse(description="Địa bàn không có hoặc ngoài địa bàn của bạn"),
        },
    )
    def list(self, request):
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            period = Period.parse(query.validated_data["period"])
        except PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        area = resolve_area(request.user, query.validated_data["area"], period)
        return Response(compute(area, period))


class ReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Report jobs in the caller's area. POST asks for a report (same ``request_key`` -> the same report)."""

    model = Report
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at", "period", "status"]

    def base_queryset(self):
        return Report.objects.select_related("area", "requested_by").order_by("-created_at", "-pk")

    @extend_schema(
        request=ReportRequestSerializer,
        responses={
            201: ReportSerializer,
            200: ReportSerializer,
            400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
            403: OpenApiResponse(description="Không có quyền"),
            404: OpenApiResponse(description="Địa bàn ngoài phạm vi"),
        },
    )
    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            period = Period.parse(values["period"])
        except PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        if not can_request_reports(request.user):
            raise PermissionDenied
        area = resolve_area(request.user, values["area"], period, action="change")
        report, created = services.report_request(
            actor=request.user,
            kind=values["kind"],
            period=period.code,
            area=area,
            request_key=values.get("request_key"),
            parameters=values.get("parameters"),
        )
        report.refresh_from_db()
        body = ReportSerializer(report, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
