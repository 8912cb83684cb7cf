from django.urls import path

from . import views

app_name = "subjects"
urlpatterns = [
    path("", views.ListPage.as_view(), name="list"),
]
