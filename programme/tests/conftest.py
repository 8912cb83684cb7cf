import pytest

from accounts.models import Role

from .factories import PlanFactory


@pytest.fixture
def office(area_tree, make_user):
    """Coordination office of the province (change + approve + audit)."""
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])


@pytest.fixture
def leader(area_tree, make_user):
    return make_user(role=Role.LEADERSHIP, unit=area_tree["province"])


@pytest.fixture
def officer_d1(area_tree, make_user):
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])


@pytest.fixture
def officer_d2(area_tree, make_user):
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d2"])


@pytest.fixture
def plan(area_tree):
    return PlanFactory(unit=area_tree["province"], year=2023)


@pytest.fixture
def district_plan(area_tree):
    """District d1's own plan for 2023."""
    return PlanFactory(unit=area_tree["d1"], year=2023, number="12/KH-UBND", issuer="UBND huyện 1")
