from .views import FiguresViewSet, ReportViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router (under ``/api/reports/``)."""
    router.register("reports/figures", FiguresViewSet, basename="report-figures")
    router.register("reports/jobs", ReportViewSet, basename="report")
