"""A generated dataset (``generate_data --scale tiny``) for the dashboard tests."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel


def generate(scale="tiny", seed=1, *extra):
    out = io.StringIO()
    call_command("generate_data", "--scale", scale, "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(db, settings):
    """Tiny national structure: one new province (from two old ones with two districts each), generated with the
    real rules. Returns the units and users tests need."""
    settings.DASHBOARD_FRESH_SECONDS = 60
    generate()
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, valid_to__isnull=True)
    districts = list(AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT).order_by("path"))
    return {
        "country": AdministrativeUnit.objects.get(level=UnitLevel.COUNTRY),
        "province": province,
        "old_provinces": list(province.predecessors.order_by("path")),
        "districts": districts,
        "national": User.objects.get(username="gen.national"),
        "office": User.objects.get(role=Role.COORDINATION_OFFICE, unit=province),
        "officer": User.objects.get(role=Role.LOCAL_OFFICER, unit=districts[0]),
    }
