"""Base API classes: every endpoint's queryset comes from ``restrict`` (same scoping as the pages)."""

from rest_framework import permissions, viewsets

from accounts.permissions import role_allows


class RoleActionPermission(permissions.BasePermission):
    """Reads need the role's "view" action, writes its "change" action."""

    message = "Bạn không có quyền thực hiện thao tác này."

    def has_permission(self, request, view):
        action = "view" if request.method in permissions.SAFE_METHODS else view.write_action
        return role_allows(request.user, action)


class ScopedModelViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "change"
    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        action = "view" if self.request.method in permissions.SAFE_METHODS else self.write_action
        return self.base_queryset().restrict(self.request.user, action)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "change"
    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, "view")
