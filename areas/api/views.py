from rest_framework import permissions, viewsets

from accounts.scoping import visible_units

from .serializers import AdministrativeUnitSerializer


class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdministrativeUnitSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["level", "parent", "code"]
    ordering_fields = ["path", "name", "code"]

    def get_queryset(self):
        return visible_units(self.request.user).prefetch_related("successors")
