"""The one areas helper (issue #13 item 7): path parsing, "in force on a date", "within a unit" (issue #14 item 2)."""

import datetime

import pytest

from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import (
    LAST_OLD_DAY,
    REFORM_DAY,
    ids_in_path,
    in_force_during_q,
    in_force_q,
    path_within,
    subtree_q,
    under_q,
    unit_id_of_path,
    within,
    within_q,
)
from areas.tests.factories import UnitFactory
from products.models import Product
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger():
    """Old province A (district, commune) and old province B (commune) merged into new province N (commune)."""
    country = UnitFactory(code="VN", level=UnitLevel.COUNTRY)
    old_a = UnitFactory(code="87", level=UnitLevel.PROVINCE, valid_to=LAST_OLD_DAY)
    old_a.parent = country
    old_a.save()
    district = UnitFactory(code="876", level=UnitLevel.DISTRICT, parent=old_a, valid_to=LAST_OLD_DAY)
    old_commune = UnitFactory(code="30184", level=UnitLevel.COMMUNE, parent=district, valid_to=LAST_OLD_DAY)
    old_b = UnitFactory(code="82", level=UnitLevel.PROVINCE, parent=country, valid_to=LAST_OLD_DAY)
    other_old_commune = UnitFactory(code="28249", level=UnitLevel.COMMUNE, parent=old_b, valid_to=LAST_OLD_DAY)
    new = UnitFactory(code="82", level=UnitLevel.PROVINCE, parent=country, valid_from=REFORM_DAY)
    new_commune = UnitFactory(code="30184", level=UnitLevel.COMMUNE, parent=new, valid_from=REFORM_DAY)
    elsewhere = UnitFactory(code="01", level=UnitLevel.PROVINCE, parent=country)
    old_a.successors.add(new)
    old_b.successors.add(new)
    old_commune.successors.add(new_commune)
    return {
        "country": country,
        "old_a": old_a,
        "district": district,
        "old_commune": old_commune,
        "old_b": old_b,
        "other_old_commune": other_old_commune,
        "new": new,
        "new_commune": new_commune,
        "elsewhere": elsewhere,
    }


def test_ids_in_path_and_unit_id_of_path():
    assert ids_in_path("/1/5/17/") == [1, 5, 17]
    assert ids_in_path("") == [] and ids_in_path(None) == []
    assert unit_id_of_path("/1/5/17/") == 17
    assert unit_id_of_path("") is None


def test_path_within_compares_whole_ids(merger):
    commune = merger["old_commune"]
    assert path_within(commune.path, merger["old_a"].path)
    assert path_within(commune.path, [merger["new"].path, merger["district"].path])
    assert not path_within(commune.path, [merger["new"].path])
    assert not path_within("", [merger["new"].path]) and not path_within(commune.path, [""])


def test_ancestors_are_read_from_the_path(merger):
    commune = merger["old_commune"]
    assert list(commune.ancestors()) == [merger["country"], merger["old_a"], merger["district"], commune]


def test_in_force_on_a_day_and_during_a_period(merger):
    units = AdministrativeUnit.objects
    assert set(units.in_force(LAST_OLD_DAY)) >= {merger["old_a"], merger["old_commune"], merger["elsewhere"]}
    assert merger["new"] not in units.in_force(LAST_OLD_DAY)
    assert merger["old_a"] not in units.in_force(REFORM_DAY)
    assert merger["new"] in units.in_force()  # today
    year_2025 = units.in_force_during(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert {merger["old_a"], merger["new"]} <= set(year_2025)
    assert merger["new"] not in units.in_force_during(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert set(units.current()) == set(units.exclude(valid_to__isnull=False))
    assert merger["old_a"] in units.ended() and merger["new"] not in units.ended()
    # The same windows for another model, through a lookup.
    subject = SubjectFactory(unit=merger["old_commune"])
    ProductFactory(subject=subject)
    assert Product.objects.filter(in_force_q(LAST_OLD_DAY, "unit")).count() == 1
    assert Product.objects.filter(in_force_q(REFORM_DAY, "unit")).count() == 0
    assert Product.objects.filter(in_force_during_q(LAST_OLD_DAY, REFORM_DAY, "unit")).count() == 1
    assert merger["old_commune"].is_in_force(LAST_OLD_DAY) and not merger["old_commune"].is_in_force(REFORM_DAY)


def test_within_q_reaches_records_entered_under_the_units_replaced(merger):
    """The "1 of 493" bug: a product entered under an old commune belongs to the merged province."""
    old_product = ProductFactory(subject=SubjectFactory(unit=merger["old_commune"]), name="Old commune product")
    other_old = ProductFactory(subject=SubjectFactory(unit=merger["other_old_commune"]), name="Old B product")
    new_product = ProductFactory(subject=SubjectFactory(unit=merger["new_commune"]), name="New product")
    ProductFactory(subject=SubjectFactory(unit=merger["elsewhere"]), name="Elsewhere")

    def names(q):
        return set(Product.objects.filter(q).values_list("name", flat=True))

    assert names(within_q(merger["new"], "unit")) == {old_product.name, other_old.name, new_product.name}
    assert names(subtree_q(merger["new"], "unit")) == {new_product.name}
    # A new commune reaches only the old communes it absorbed.
    assert names(within_q(merger["new_commune"], "unit")) == {old_product.name, new_product.name}
    # Before the reform nothing changes: the old province has only its own subtree.
    assert names(within_q(merger["old_a"], "unit")) == {old_product.name}
    assert names(within_q(None, "unit")) == set() and names(subtree_q(None, "unit")) == set()
    assert within(merger["old_commune"], merger["new"]) and within(merger["new_commune"], merger["new"])
    assert not within(merger["elsewhere"], merger["new"]) and not within(merger["new"], merger["old_a"])


def test_full_name_names_each_type_once():
    province = UnitFactory(name="Đồng Tháp", unit_type="tỉnh")
    ward = UnitFactory(name="Phường 1", unit_type="phường", level=UnitLevel.COMMUNE, parent=province)
    commune = UnitFactory(name="Tân Thành", unit_type="xã", level=UnitLevel.COMMUNE, parent=province)
    assert ward.display_name == "Phường 1"
    assert commune.display_name == "Xã Tân Thành"
    assert ward.full_name == "Phường 1, Tỉnh Đồng Tháp"


def test_under_q_takes_a_path_or_an_outer_reference(merger):
    from django.db.models import Exists, OuterRef

    ProductFactory(subject=SubjectFactory(unit=merger["old_commune"]))
    assert Product.objects.filter(under_q(merger["district"].path, "unit")).count() == 1
    assert Product.objects.filter(under_q(merger["new"].path, "unit")).count() == 0
    has_product = Exists(Product.objects.filter(under_q(OuterRef("path"), "unit")))
    with_products = AdministrativeUnit.objects.filter(has_product)
    assert set(with_products) == {merger["country"], merger["old_a"], merger["district"], merger["old_commune"]}
