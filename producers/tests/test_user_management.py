"""Producers' logins have no unit: the user management of an area lists those registered in a commune of the area
(``accounts.models.UserQuerySet.restrict``), never another area's."""

import pytest

from accounts.models import Role, User
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from producers.tests.factories import ProducerAccountFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_manages_the_producers_of_its_area_only(make_user, area_tree):
    admin = make_user(role=Role.ADMINISTRATOR, unit=area_tree["province"])
    inside = ProducerAccountFactory(commune=area_tree["c1"]).user
    outside_commune = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["other_province"])
    far = UnitFactory(level=UnitLevel.COMMUNE, parent=area_tree["other_province"], unit_type="xã")
    outside = ProducerAccountFactory(commune=far).user
    unassigned = make_user(role="", unit=None)
    managed = set(User.objects.restrict(admin).values_list("pk", flat=True))
    assert inside.pk in managed and unassigned.pk in managed
    assert outside.pk not in managed and outside_commune.pk not in managed
