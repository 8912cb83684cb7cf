from django.urls import path

from . import views

app_name = "products"
urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProductDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProductUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.ProductDeleteView.as_view(), name="delete"),
    path("<int:pk>/history/", views.ProductHistoryView.as_view(), name="history"),
    path("<int:pk>/documents/upload/", views.ProductDocumentUploadView.as_view(), name="document_upload"),
    path(
        "subjects/<int:subject_pk>/documents/",
        views.SubjectDocumentUploadView.as_view(),
        name="subject_document_upload",
    ),
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("documents/<int:pk>/public/", views.DocumentPublicView.as_view(), name="document_public"),
]
