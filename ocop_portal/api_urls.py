"""One router for the whole API; each app registers its viewsets in ``<app>/api/urls.py``."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from areas.api.views import AdministrativeUnitViewSet
from audit.api.urls import register as register_audit
from decisions.api.urls import register as register_decisions
from evaluations.api.urls import register as register_evaluations
from imports.api.urls import register as register_imports
from products.api.urls import register as register_products
from programme.api.urls import register as register_programme
from reports.api.urls import register as register_reports
from subjects.api.urls import register as register_subjects

router = DefaultRouter()
router.register("areas", AdministrativeUnitViewSet, basename="area")

for register in (
    register_subjects,
    register_products,
    register_evaluations,
    register_decisions,
    register_programme,
    register_reports,
    register_imports,
    register_audit,
):
    register(router)

urlpatterns = [path("token/", obtain_auth_token, name="api-token")] + router.urls
