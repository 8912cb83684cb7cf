from .views import SubjectViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router."""
    router.register("subjects", SubjectViewSet, basename="subject")
