from django.urls import path

from . import views

app_name = "subjects"
urlpatterns = [
    path("", views.SubjectListView.as_view(), name="list"),
    path("new/", views.SubjectEditView.as_view(), name="create"),
    path("<int:pk>/", views.SubjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.SubjectEditView.as_view(), name="update"),
    path("<int:pk>/delete/", views.SubjectDeleteView.as_view(), name="delete"),
    path("<int:pk>/history/", views.SubjectHistoryView.as_view(), name="history"),
]
