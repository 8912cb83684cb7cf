from django.urls import path

from .views import PublicProductDetailView, PublicProductListView

urlpatterns = [
    path("products/", PublicProductListView.as_view(), name="api-list"),
    path("products/<str:code>/", PublicProductDetailView.as_view(), name="api-detail"),
]
