from .views import AuditEntryViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router."""
    router.register("audit", AuditEntryViewSet, basename="audit-entry")
