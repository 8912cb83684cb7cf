"""Audit-log API: ``/api/audit/`` (``?model=products.product&object_id=12``, ``?request_id=...``).

Read only, for the roles with the "audit" action; rows come from ``AuditEntry.objects.restrict`` (the user's area,
sealed score-sheet entries hidden until their round is closed), exactly like the pages.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from accounts.permissions import can_read_audit

from ..models import AuditEntry
from ..selectors import entries_for
from .serializers import AuditEntrySerializer


class CanReadAudit(permissions.BasePermission):
    message = _("Chỉ Văn phòng Điều phối và quản trị hệ thống được xem nhật ký thay đổi.")

    def has_permission(self, request, view):
        return can_read_audit(request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("model", OpenApiTypes.STR, description="app_label.model, ví dụ products.product"),
            OpenApiParameter("object_id", OpenApiTypes.STR),
            OpenApiParameter("request_id", OpenApiTypes.STR),
        ]
    )
)
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, CanReadAudit]
    queryset = AuditEntry.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        qs = entries_for(self.request.user)
        params = self.request.query_params
        model = params.get("model", "")
        if model:
            app_label, _sep, model_name = model.lower().partition(".")
            qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
        if params.get("object_id"):
            qs = qs.filter(object_id=params["object_id"])
        if params.get("request_id"):
            qs = qs.filter(request_id=params["request_id"])
        return qs.order_by("-at", "-pk")
