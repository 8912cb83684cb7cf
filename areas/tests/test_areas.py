import datetime
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import find_unit, scope_paths, units_as_of
from areas.tests.factories import UnitFactory
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo

LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM_DAY = datetime.date(2025, 7, 1)


def _seed_demo():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def demo(db):
    """The demo units and accounts only (the other apps' demo data is not needed here)."""
    areas_demo.load()
    accounts_demo.load()
    old = AdministrativeUnit.objects.get(code="87", level=UnitLevel.PROVINCE)
    new = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, name="Đồng Tháp", valid_from=REFORM_DAY)
    return {"old": old, "new": new}


def test_old_dong_thap_has_twelve_districts_ending_30_06_2025(demo):
    old = demo["old"]
    assert old.valid_to == LAST_OLD_DAY
    districts = old.children.filter(level=UnitLevel.DISTRICT)
    assert districts.count() == 12
    assert set(districts.values_list("valid_to", flat=True)) == {LAST_OLD_DAY}
    assert not old.children.exclude(level=UnitLevel.DISTRICT).exists()


def test_merged_dong_thap_has_communes_and_no_districts(demo):
    new = demo["new"]
    assert new.valid_from == REFORM_DAY and new.valid_to is None
    assert new.children.filter(level=UnitLevel.COMMUNE).count() == 102  # the official list, not a sample
    assert not new.descendants().filter(level=UnitLevel.DISTRICT).exists()
    assert set(new.predecessors.values_list("name", flat=True)) == {"Đồng Tháp", "Tiền Giang"}


def test_every_old_commune_has_a_current_successor(demo):
    old_communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to=LAST_OLD_DAY)
    assert old_communes.count() == 141 + 164  # old Đồng Tháp and old Tiền Giang, official
    for commune in old_communes.prefetch_related("successors"):
        successors = list(commune.successors.all())
        assert successors, f"{commune.code} {commune} has no successor"
        assert all(s.valid_to is None and s.parent_id == demo["new"].pk for s in successors)


def test_scope_paths_of_new_province_include_the_old_provinces(demo):
    paths = scope_paths(demo["new"])
    old_tien_giang = AdministrativeUnit.objects.get(code="82", level=UnitLevel.PROVINCE, valid_to=LAST_OLD_DAY)
    assert demo["new"].path in paths
    assert demo["old"].path in paths
    assert old_tien_giang.path in paths


def test_scope_paths_of_a_new_commune_include_only_the_communes_it_absorbed(demo):
    tan_hong = AdministrativeUnit.objects.get(code="29926", level=UnitLevel.COMMUNE, valid_from=REFORM_DAY)
    paths = scope_paths(tan_hong)
    # Xã Tân Hồng (2025) = thị trấn Sa Rài + xã Bình Phú + xã Tân Công Chí of old Tân Hồng district.
    absorbed = AdministrativeUnit.objects.filter(code__in=["29926", "29935", "29947"], valid_to=LAST_OLD_DAY)
    assert set(absorbed.values_list("name", flat=True)) == {"Sa Rài", "Bình Phú", "Tân Công Chí"}
    assert set(paths) == {tan_hong.path, *absorbed.values_list("path", flat=True)}
    assert demo["old"].path not in paths


def test_units_as_of_and_find_unit_follow_the_validity_dates(demo):
    before = units_as_of(LAST_OLD_DAY)
    after = units_as_of(REFORM_DAY)
    assert before.filter(pk=demo["old"].pk).exists() and not before.filter(pk=demo["new"].pk).exists()
    assert after.filter(pk=demo["new"].pk).exists() and not after.filter(pk=demo["old"].pk).exists()
    # Code 82 was Tiền Giang before the reform and is the merged Đồng Tháp after it.
    assert find_unit("82", on=LAST_OLD_DAY).name == "Tiền Giang"
    assert find_unit("82", on=REFORM_DAY).name == "Đồng Tháp"


def test_seed_demo_loads_both_structures_and_is_idempotent(db):
    _seed_demo()
    old = AdministrativeUnit.objects.get(code="87", level=UnitLevel.PROVINCE)
    new = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, name="Đồng Tháp", valid_from=REFORM_DAY)
    assert old.valid_to == LAST_OLD_DAY and old.children.filter(level=UnitLevel.DISTRICT).count() == 12
    assert new.children.filter(level=UnitLevel.COMMUNE).exists()
    assert not new.descendants().filter(level=UnitLevel.DISTRICT).exists()
    counts = (AdministrativeUnit.objects.count(), User.objects.count())
    _seed_demo()
    assert (AdministrativeUnit.objects.count(), User.objects.count()) == counts


def _rows(response):
    return [unit.code for unit in response.context["units"]]


def _units(response):
    return {unit.pk for unit in response.context["units"]}


def test_unit_list_filters_by_level_and_structure(client, demo):
    client.force_login(User.objects.get(username="vpdp.dongthap"))
    old_districts = client.get("/areas/", {"level": "district", "structure": "historical"})
    assert old_districts.status_code == 200
    codes = _rows(old_districts)
    assert len(codes) == 23  # 12 of old Đồng Tháp + 11 of old Tiền Giang
    assert "876" in codes
    assert not AdministrativeUnit.objects.filter(code__in=codes).exclude(level=UnitLevel.DISTRICT).exists()

    assert _rows(client.get("/areas/", {"level": "district", "structure": "current"})) == []
    # Code 29926: the old thị trấn Sa Rài and, from 01/07/2025, xã Tân Hồng (the 2025 list reuses old codes).
    sa_rai = AdministrativeUnit.objects.get(code="29926", valid_to=LAST_OLD_DAY)
    tan_hong = AdministrativeUnit.objects.get(code="29926", valid_from=REFORM_DAY)
    current_communes = _units(client.get("/areas/", {"level": "commune", "structure": "current", "q": "29926"}))
    assert current_communes == {tan_hong.pk}
    historical_communes = _units(client.get("/areas/", {"level": "commune", "structure": "historical", "q": "29926"}))
    assert historical_communes == {sa_rai.pk}
    searched = client.get("/areas/", {"q": "Lai Vung"})
    assert "876" in _rows(searched)
    assert "Lai Vung" in searched.content.decode()
    # Typed without diacritics or in another case, the search finds the same units.
    assert _rows(client.get("/areas/", {"q": "lai vung"})) == _rows(searched)
    lap_vo = _units(client.get("/areas/", {"q": "lap vo"}))  # the old district and town, the 2025 commune
    assert set(AdministrativeUnit.objects.filter(name="Lấp Vò").values_list("pk", flat=True)) == lap_vo
    assert len(lap_vo) == 3
    assert _rows(client.get("/areas/", {"q": "dong thap"})) == _rows(client.get("/areas/", {"q": "Đồng Tháp"}))
    assert _rows(client.get("/areas/", {"q": "dong thap"}))


def test_unit_list_shows_only_the_users_area(client, demo):
    client.force_login(User.objects.get(username="canbo.laivung"))
    codes = set(_rows(client.get("/areas/")))
    assert "876" in codes and "30226" in codes  # Huyện Lai Vung and its xã Tân Thành
    assert "866" not in codes and "29947" not in codes  # Thành phố Cao Lãnh, xã Tân Công Chí (Tân Hồng)


def test_unit_list_needs_a_role(client, demo, make_user):
    client.force_login(make_user(role="", unit=demo["new"]))
    assert client.get("/areas/").status_code == 403
    client.logout()
    assert client.get("/areas/").status_code == 302


def test_unit_list_query_count_does_not_grow_with_rows(client, make_user):
    province = UnitFactory(code="P1", level=UnitLevel.PROVINCE)
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=province))

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/areas/").status_code == 200
        return len(ctx.captured_queries)

    one = count_queries()
    merged = UnitFactory(level=UnitLevel.COMMUNE, parent=province)
    for _ in range(30):
        UnitFactory(level=UnitLevel.DISTRICT, parent=province, valid_to=LAST_OLD_DAY).successors.add(merged)
    assert count_queries() == one
