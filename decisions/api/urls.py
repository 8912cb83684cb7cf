from .views import DecisionViewSet, RecognitionViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router."""
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("recognitions", RecognitionViewSet, basename="recognition")
