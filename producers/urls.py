"""URLs of the producers app."""

app_name = "producers"

urlpatterns = []
