from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [path("", views.UnitListView.as_view(), name="list")]
