"""URLs of the notices app."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("open/", views.NoticeOpenView.as_view(), name="open"),
    path("read-all/", views.NoticeReadAllView.as_view(), name="read_all"),
]
