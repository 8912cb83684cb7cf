from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/progress/", views.ReportProgressView.as_view(), name="progress"),
    path("<int:pk>/retry/", views.ReportRetryView.as_view(), name="retry"),
    path("<int:pk>/sections/", views.ReportNarrativeView.as_view(), name="narrative"),
    path("<int:pk>/finalize/", views.ReportFinalizeView.as_view(), name="finalize"),
    path("<int:pk>/files/<str:fmt>/", views.ReportDownloadView.as_view(), name="download"),
]
