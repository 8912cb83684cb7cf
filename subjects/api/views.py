from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.serializers import as_serializer_error

from ocop_portal.api import ScopedModelViewSet
from ocop_portal.concurrency import VersionConflictAPIMixin, pop_expected_version

from .. import selectors, services
from ..filtersets import SubjectFilterSet
from ..models import Subject
from .serializers import SubjectSerializer


class SubjectInUseError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "subject_in_use"
    default_detail = "Chủ thể đang được tham chiếu, không thể xoá."


_errors = {400: OpenApiResponse(description="Dữ liệu không hợp lệ"), 403: OpenApiResponse(description="Không có quyền")}
_conflict = OpenApiResponse(description="Người khác đã lưu sau phiên bản “version” bạn gửi; kèm các trường đã thay đổi")


@extend_schema_view(
    create=extend_schema(responses={201: SubjectSerializer, **_errors}),
    update=extend_schema(responses={200: SubjectSerializer, **_errors, 404: OpenApiResponse(), 409: _conflict}),
    partial_update=extend_schema(responses={200: SubjectSerializer, **_errors, 404: OpenApiResponse(), 409: _conflict}),
    destroy=extend_schema(
        responses={
            204: None,
            403: OpenApiResponse(description="Không có quyền"),
            404: OpenApiResponse(description="Không có trong địa bàn"),
            409: OpenApiResponse(description="Còn sản phẩm, hồ sơ hoặc quyết định tham chiếu"),
        }
    ),
)
class SubjectViewSet(VersionConflictAPIMixin, ScopedModelViewSet):
    """Chủ thể OCOP in the user's area. Writes go through ``subjects.services``; create and update answers carry
    ``warnings`` (possible duplicates) that do not block the save."""

    model = Subject
    serializer_class = SubjectSerializer
    filterset_class = SubjectFilterSet
    ordering_fields = ["name", "registration_number", "workforce_total", "product_count", "status", "updated_at"]
    ordering = ["name", "pk"]

    def base_queryset(self):
        return selectors.with_list_data(Subject.objects.all())

    def _call(self, service, **kwargs):
        try:
            return service(actor=self.request.user, **kwargs)
        except DjangoValidationError as exc:
            raise ValidationError(as_serializer_error(exc)) from exc

    def perform_create(self, serializer):
        serializer.instance = self._call(services.subject_create, data=serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = pop_expected_version(data)
        serializer.instance = self._call(
            services.subject_update, subject=serializer.instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance):
        try:
            services.subject_delete(actor=self.request.user, subject=instance)
        except services.SubjectInUse as exc:
            raise SubjectInUseError(exc.message) from exc

    def _with_warnings(self, response):
        if response.status_code < 300 and isinstance(response.data, dict) and response.data.get("id"):
            subject = Subject.objects.select_related("unit").get(pk=response.data["id"])
            response.data["warnings"] = selectors.similar_subjects(user=self.request.user, subject=subject)
        return response

    def create(self, request, *args, **kwargs):
        return self._with_warnings(super().create(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        return self._with_warnings(super().update(request, *args, **kwargs))
