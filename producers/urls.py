"""URLs of the producers app."""

from django.urls import include, path

app_name = "producers"

urlpatterns = [
    path("", include("producers.urls_applications")),
]
