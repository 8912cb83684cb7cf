"""API of products and dossier documents. Querysets are restricted like the pages; writes call the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ocop_portal.api import RoleActionPermission, ScopedModelViewSet
from ocop_portal.concurrency import VersionConflictAPIMixin

from .. import selectors, services
from ..filtersets import DocumentFilterSet, ProductFilterSet
from ..models import Document, Product, ProductClass, SalesChannel
from ..services import PRODUCT_FIELDS
from .serializers import DocumentSerializer, ProductClassSerializer, ProductSerializer, SalesChannelSerializer


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "protected"


def as_drf_error(exc):
    if hasattr(exc, "error_dict"):
        return DRFValidationError(exc.message_dict)
    return DRFValidationError(exc.messages)


def protected_error(exc):
    kinds = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
    return Conflict(_("Không thể xoá vì còn dữ liệu khác tham chiếu đến (%(kinds)s).") % {"kinds": ", ".join(kinds)})


_update_responses = {
    200: ProductSerializer,
    400: OpenApiResponse(description="Dữ liệu không hợp lệ (hoặc thiếu “version”)"),
    403: OpenApiResponse(description="Không có quyền"),
    404: OpenApiResponse(description="Không có trong địa bàn"),
    409: OpenApiResponse(description="Người khác đã lưu sau phiên bản “version” bạn gửi; kèm các trường đã thay đổi"),
}


@extend_schema_view(
    update=extend_schema(responses=_update_responses),
    partial_update=extend_schema(responses=_update_responses),
)
class ProductViewSet(VersionConflictAPIMixin, ScopedModelViewSet):
    model = Product
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["name", "pk"]

    def base_queryset(self):
        return selectors.product_api_queryset()

    def _rows(self, validated, key):
        rows = validated.get(key)
        if rows is None:
            return None
        return [dict(row) for row in rows]

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.product_create(
                actor=self.request.user,
                data={field: data[field] for field in PRODUCT_FIELDS if field in data},
                certifications=self._rows(data, "certifications") or [],
                channels=self._rows(data, "channel_links") or [],
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.product_update(
                actor=self.request.user,
                product=serializer.instance,
                data={field: data[field] for field in PRODUCT_FIELDS if field in data},
                certifications=self._rows(data, "certifications"),
                channels=self._rows(data, "channel_links"),
                expected_version=data.get("version"),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        # Re-read so nested rows reflect what the service saved.
        instance = self.base_queryset().get(pk=kwargs["pk"])
        response.data = self.get_serializer(instance).data
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        instance = self.base_queryset().get(pk=serializer.instance.pk)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        try:
            services.product_delete(actor=self.request.user, product=instance)
        except ProtectedError as exc:
            raise protected_error(exc) from exc


class DocumentViewSet(ScopedModelViewSet):
    """Dossier documents: list, read, upload (multipart) and delete; a file is fetched from ``download_url``."""

    model = Document
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["uploaded_at", "title"]
    ordering = ["-uploaded_at", "pk"]

    def base_queryset(self):
        return Document.objects.select_related("document_type")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            document = services.document_upload(
                actor=request.user,
                subject=data["subject"],
                product=data.get("product"),
                document_type=data["document_type"],
                uploaded_file=data["file"],
                title=data.get("title", ""),
                issued_on=data.get("issued_on"),
                valid_until=data.get("valid_until"),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        try:
            services.document_delete(actor=self.request.user, document=instance)
        except ProtectedError as exc:
            raise protected_error(exc) from exc


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data, the same for every area (read-only)."""

    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "change"
    pagination_class = None


class ProductClassViewSet(ReferenceViewSet):
    queryset = ProductClass.objects.order_by("-regime", "level", "code")
    serializer_class = ProductClassSerializer
    filterset_fields = ["regime", "level", "parent", "set_number"]


class SalesChannelViewSet(ReferenceViewSet):
    queryset = SalesChannel.objects.order_by("kind", "name")
    serializer_class = SalesChannelSerializer
    filterset_fields = ["kind"]
