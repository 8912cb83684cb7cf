"""API of products and dossier documents. Querysets are restricted like the pages; writes call the services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ocop_portal.api import RoleActionPermission, ScopedModelViewSet

from .. import selectors, services
from ..filtersets import DocumentFilterSet, ProductFilterSet
from ..models import Document, Product, ProductClass, SalesChannel
from ..services import PRODUCT_FIELDS
from .serializers import DocumentSerializer, ProductClassSerializer, ProductSerializer, SalesChannelSerializer

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
class ProductViewSet(ScopedModelViewSet):
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
        serializer.instance = services.product_create(
            actor=self.request.user,
            data={field: data[field] for field in PRODUCT_FIELDS if field in data},
            certifications=self._rows(data, "certifications") or [],
            channels=self._rows(data, "channel_links") or [],
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.product_update(
            actor=self.request.user,
            product=serializer.instance,
            data={field: data[field] for field in PRODUCT_FIELDS if field in data},
            certifications=self._rows(data, "certifications"),
            channels=self._rows(data, "channel_links"),
            expected_version=data.get("version"),
        )

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
        services.product_delete(actor=self.request.user, product=instance)


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
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.document_delete(actor=self.request.user, document=instance)


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
