from django.urls import path

from . import views
from .models import DecisionKind

app_name = "decisions"
urlpatterns = [
    path("", views.DecisionListView.as_view(), name="index"),
    path("recognitions/", views.RecognitionListView.as_view(), name="recognitions"),
    path("revocations/", views.RevocationListView.as_view(), name="revocations"),
    path("register/", views.NumberRegisterView.as_view(), name="register"),
    path("expiring/", views.ExpiringView.as_view(), name="expiring"),
    path("expiring/propose-revocation/", views.ProposeRevocationView.as_view(), name="propose_revocation"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("new/recognition/", views.DecisionCreateView.as_view(kind=DecisionKind.RECOGNITION), name="create"),
    path(
        "new/revocation/",
        views.DecisionCreateView.as_view(kind=DecisionKind.REVOCATION),
        name="create_revocation",
    ),
    path("historical/", views.HistoricalDecisionView.as_view(), name="historical"),
    path("<int:pk>/", views.DecisionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DecisionEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.DecisionDeleteView.as_view(), name="delete"),
    path("<int:pk>/issue/", views.DecisionIssueView.as_view(), name="issue"),
    path("<int:pk>/correct/", views.DecisionCorrectView.as_view(), name="correct"),
    path("<int:pk>/items/add/", views.RecognitionItemAddView.as_view(), name="item_add"),
    path(
        "<int:pk>/items/from-registrations/", views.RegistrationItemsAddView.as_view(), name="items_from_registrations"
    ),
    path("<int:pk>/revocations/add/", views.RevocationItemAddView.as_view(), name="revocation_add"),
    path("<int:pk>/items/<int:item_pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.ItemRemoveView.as_view(), name="item_remove"),
    path("<int:pk>/pdf/", views.DecisionPdfView.as_view(), name="pdf"),
    path("<int:pk>/docx/", views.DecisionDocxView.as_view(), name="docx"),
    path("<int:pk>/certificates/", views.CertificatesPdfView.as_view(), name="certificates"),
    path("<int:pk>/certificates/docx/", views.CertificatesDocxView.as_view(), name="certificates_docx"),
]
