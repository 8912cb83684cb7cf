from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.api.views import ApiDocsView, ApiSchemaView, obtain_expiring_auth_token

from . import views
from .api_urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("help/", views.HelpView.as_view(), name="help"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("areas/", include("areas.urls")),
    path("audit/", include("audit.urls")),
    path("subjects/", include("subjects.urls")),
    path("products/", include("products.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("decisions/", include("decisions.urls")),
    path("programme/", include("programme.urls")),
    path("imports/", include("imports.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("producers/", include("producers.urls")),
    path("notices/", include("notices.urls")),
    # Before the API router: tokens that expire, through the brute-force lockout (accounts/api/views.py).
    path("api/token/", obtain_expiring_auth_token, name="api-token"),
    path("api/", include(api_urlpatterns)),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("catalogue.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Quản trị Cổng OCOP"
admin.site.site_title = "Cổng OCOP"
