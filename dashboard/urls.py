from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("drilldown/<slug:metric>/", views.DrilldownView.as_view(), name="drilldown"),
]
