from .views import ActivityViewSet, BudgetLineViewSet, FundingSourceViewSet, PlanViewSet, TargetViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router (under ``/api/programme/``)."""
    router.register("programme/plans", PlanViewSet, basename="programme-plan")
    router.register("programme/targets", TargetViewSet, basename="programme-target")
    router.register("programme/budget-lines", BudgetLineViewSet, basename="programme-budget-line")
    router.register("programme/activities", ActivityViewSet, basename="programme-activity")
    router.register("programme/funding-sources", FundingSourceViewSet, basename="programme-funding-source")
