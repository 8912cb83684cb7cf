from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from ocop_portal.api import ScopedModelViewSet
from ocop_portal.concurrency import pop_expected_version

from .. import selectors, services
from ..filtersets import SubjectFilterSet
from ..models import Subject
from .serializers import SubjectSerializer

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
class SubjectViewSet(ScopedModelViewSet):
    """Chủ thể OCOP in the user's area. Writes go through ``subjects.services``; create and update answers carry
    ``warnings`` (possible duplicates) that do not block the save."""

    model = Subject
    serializer_class = SubjectSerializer
    filterset_class = SubjectFilterSet
    ordering_fields = ["name", "registration_number", "workforce_total", "product_count", "status", "updated_at"]
    ordering = ["name", "pk"]

    def base_queryset(self):
        return selectors.with_list_data(Subject.objects.all())

    # Service errors (ValidationError 400, PermissionDenied 403, SubjectInUse / VersionConflict 409) are answered by
    # ocop_portal.errors.api_exception_handler.
    def perform_create(self, serializer):
        serializer.instance = services.subject_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = pop_expected_version(data)
        serializer.instance = services.subject_update(
            actor=self.request.user, subject=serializer.instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance):
        services.subject_delete(actor=self.request.user, subject=instance)

    def _with_warnings(self, response):
        if response.status_code < 300 and isinstance(response.data, dict) and response.data.get("id"):
            subject = Subject.objects.select_related("unit").get(pk=response.data["id"])
            response.data["warnings"] = selectors.similar_subjects(user=self.request.user, subject=subject)
        return response

    def create(self, request, *args, **kwargs):
        return self._with_warnings(super().create(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        return self._with_warnings(super().update(request, *args, **kwargs))
