"""The units API gives what a map or a client needs: the name with its type once, the default successor of a
split commune, the coordinates and area loaded from the official data."""

import pytest

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_units_api_returns_display_name_default_successor_and_coordinates(client, make_user):
    province = UnitFactory(code="82", name="Đồng Tháp", valid_from=REFORM_DAY)
    new = UnitFactory(
        code="30187", name="Tân Dương", unit_type="xã", level=UnitLevel.COMMUNE, parent=province,
        valid_from=REFORM_DAY, latitude=10.3, longitude=105.7, area_km2=41.2,
    )  # fmt: skip
    old = UnitFactory(code="30184", name="Phường 1", unit_type="phường", level=UnitLevel.COMMUNE, valid_to=LAST_OLD_DAY)
    old.successors.add(new)
    old.default_successor = new
    old.save()
    old_province = UnitFactory(code="87", valid_to=LAST_OLD_DAY)
    old_province.successors.add(province)
    old.parent = old_province
    old.save()
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=province))
    rows = {row["code"]: row for row in client.get("/api/areas/", {"level": "commune"}).json()["results"]}
    assert rows["30187"]["display_name"] == "Xã Tân Dương"
    assert (rows["30187"]["latitude"], rows["30187"]["longitude"], rows["30187"]["area_km2"]) == (10.3, 105.7, 41.2)
    assert rows["30184"]["display_name"] == "Phường 1"
    assert rows["30184"]["default_successor"] == new.pk and rows["30184"]["successors"] == [new.pk]
