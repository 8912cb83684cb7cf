from .views import MyScoreSheetViewSet, RegistrationViewSet, RoundViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router."""
    router.register("evaluation-rounds", RoundViewSet, basename="evaluation-round")
    router.register("registrations", RegistrationViewSet, basename="registration")
    router.register("my-score-sheets", MyScoreSheetViewSet, basename="my-score-sheet")
