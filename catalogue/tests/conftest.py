import pytest
from django.core.cache import cache

from accounts.models import Role

from .factories import catalogue_photos, catalogue_world


@pytest.fixture
def office(area_tree, make_user):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"], email="vpdp@example.org")


@pytest.fixture
def world(area_tree, office):
    cache.clear()
    return catalogue_world(area_tree, office)


@pytest.fixture
def code_of():
    def code(recognition):
        from catalogue.models import PublicCode

        return PublicCode.objects.get(recognition=recognition).code

    return code


@pytest.fixture
def photos(world, office):
    return catalogue_photos(world, office)
