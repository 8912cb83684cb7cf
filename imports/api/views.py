from ocop_portal.api import ScopedReadOnlyViewSet

from ..models import ImportJob
from .serializers import ImportJobSerializer


class ImportJobViewSet(ScopedReadOnlyViewSet):
    """Import jobs of the user's area (read only: files are uploaded and committed on the import pages or with
    ``manage.py import_data``)."""

    model = ImportJob
    serializer_class = ImportJobSerializer
    ordering_fields = ["created_at", "status", "kind"]
    ordering = ["-created_at", "-pk"]
    filterset_fields = ["kind", "status"]

    def base_queryset(self):
        return ImportJob.objects.select_related("requested_by")
