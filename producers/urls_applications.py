"""Producer-facing application pages (đơn đăng ký đánh giá của chủ thể), included by producers/urls.py."""

from django.urls import path

from . import views_applications as views

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_new"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/upload/", views.ApplicationUploadView.as_view(), name="application_upload"),
    path("applications/<int:pk>/submit/", views.ApplicationSubmitView.as_view(), name="application_submit"),
    path("certificates/<int:pk>/<slug:fmt>/", views.CertificateView.as_view(), name="application_certificate"),
]
