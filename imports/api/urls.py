from .views import ImportJobViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router (``ocop_portal/api_urls.py``)."""
    router.register("imports", ImportJobViewSet, basename="import-job")
