from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditListView.as_view(), name="list"),
    path("<str:model>/<str:pk>/", views.ObjectHistoryView.as_view(), name="history"),
]
