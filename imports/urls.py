from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("set-password/", views.SetPasswordView.as_view(), name="set_password"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job"),
    path("jobs/<int:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
    path("jobs/<int:pk>/commit/", views.JobCommitView.as_view(), name="job_commit"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("<slug:kind>/", views.ImportKindView.as_view(), name="kind"),
    path("<slug:kind>/template.xlsx", views.TemplateDownloadView.as_view(), {"fmt": "xlsx"}, name="template_xlsx"),
    path("<slug:kind>/template.csv", views.TemplateDownloadView.as_view(), {"fmt": "csv"}, name="template_csv"),
]
