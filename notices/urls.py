"""URLs of the notices app."""

app_name = "notices"

urlpatterns = []
