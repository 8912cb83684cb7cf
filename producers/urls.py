"""URLs of the producers app."""

from django.urls import include, path

from . import views

app_name = "producers"

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("me/", views.ProducerHomeView.as_view(), name="home"),
    path("me/subject/", views.MySubjectView.as_view(), name="my_subject"),
    path("me/subject/edit/", views.MySubjectEditView.as_view(), name="my_subject_edit"),
    path("me/subject/documents/new/", views.SubjectDocumentUploadView.as_view(), name="subject_document_upload"),
    path("me/products/", views.MyProductListView.as_view(), name="my_products"),
    path("me/products/<int:pk>/", views.MyProductDetailView.as_view(), name="product_detail"),
    path("me/products/<int:pk>/edit/", views.MyProductEditView.as_view(), name="product_edit"),
    path("me/products/<int:pk>/documents/new/", views.ProductDocumentUploadView.as_view(), name="document_upload"),
    path("me/documents/<int:pk>/replace/", views.DocumentReplaceView.as_view(), name="document_replace"),
    path("me/documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"),
    path("accounts/<int:pk>/history/", views.AccountHistoryView.as_view(), name="account_history"),
    path("accounts/<int:pk>/link/", views.AccountLinkView.as_view(), name="account_link"),
    path("accounts/<int:pk>/create-subject/", views.AccountCreateSubjectView.as_view(), name="account_create_subject"),
    path("accounts/<int:pk>/reject/", views.AccountRejectView.as_view(), name="account_reject"),
    path("", include("producers.urls_applications")),
]
