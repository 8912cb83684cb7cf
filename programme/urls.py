from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="index"),
    path("plans/new/", views.PlanEditView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_update"),
    path("plans/<int:pk>/approve/", views.PlanApproveView.as_view(), name="plan_approve"),
    path("plans/<int:pk>/reopen/", views.PlanReopenView.as_view(), name="plan_reopen"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan_history"),
    path("plans/<int:plan_pk>/targets/new/", views.TargetEditView.as_view(), name="target_create"),
    path("plans/<int:plan_pk>/budget/new/", views.BudgetLineEditView.as_view(), name="budget_line_create"),
    path("targets/<int:pk>/", views.TargetRedirectView.as_view(), name="target_detail"),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target_update"),
    path("targets/<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("targets/<int:pk>/actual/", views.TargetActualView.as_view(), name="target_actual"),
    path("targets/<int:pk>/evidence/", views.TargetEvidenceView.as_view(), name="target_evidence"),
    path("targets/<int:pk>/records/", views.TargetRecordsView.as_view(), name="target_records"),
    path("budget/", views.BudgetLineListView.as_view(), name="budget"),
    path("budget/<int:pk>/", views.BudgetLineDetailView.as_view(), name="budget_line_detail"),
    path("budget/<int:pk>/edit/", views.BudgetLineEditView.as_view(), name="budget_line_update"),
    path("budget/<int:pk>/delete/", views.BudgetLineDeleteView.as_view(), name="budget_line_delete"),
    path("budget/<int:pk>/history/", views.BudgetLineHistoryView.as_view(), name="budget_line_history"),
    path("budget/<int:pk>/documents/", views.BudgetDocumentUploadView.as_view(), name="budget_document_upload"),
    path("budget/documents/<int:pk>/", views.BudgetDocumentDownloadView.as_view(), name="budget_document_download"),
    path("budget/documents/<int:pk>/delete/", views.BudgetDocumentDeleteView.as_view(), name="budget_document_delete"),
    path("activities/", views.ActivityListView.as_view(), name="activities"),
    path("activities/new/", views.ActivityEditView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_update"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("activities/<int:pk>/history/", views.ActivityHistoryView.as_view(), name="activity_history"),
]
