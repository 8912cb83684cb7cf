"""Records carry over the 2025 reorganisation (issue #14 item 2, the "1 of 493" bug): a product entered in 2021
under a commune of old Đồng Tháp registers in a 2025 round of the merged Đồng Tháp.

The rule is ``areas.selectors.within_q`` / ``within``; the registration page and service still compare the
round's own subtree. This test is marked strict-xfail until the two lines listed in the areas report are applied
in ``evaluations/views.py`` (RegistrationCreateView) and ``evaluations/services.py`` (registration_create): it
then passes, the strict mark fails the run, and the mark must be removed."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.tests.factories import UnitFactory
from evaluations.models import EvaluationLevel, Registration, RuleSet
from evaluations.tests.factories import RoundFactory, criteria_set_factory
from products.tests.factories import ProductClassFactory, ProductFactory
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    country = UnitFactory(code="VN", level=UnitLevel.COUNTRY)
    old_dt = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    district = UnitFactory(code="876", level=UnitLevel.DISTRICT, parent=old_dt, valid_to=LAST_OLD_DAY)
    old_commune = UnitFactory(code="30184", level=UnitLevel.COMMUNE, parent=district, valid_to=LAST_OLD_DAY)
    new_dt = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    new_commune = UnitFactory(code="30187", level=UnitLevel.COMMUNE, parent=new_dt, valid_from=REFORM_DAY)
    old_dt.successors.add(new_dt)
    old_commune.successors.add(new_commune)
    product_class = ProductClassFactory()
    rule_set = RuleSet.objects.get(code="qd148")
    criteria_set_factory(rule_set=rule_set, number=product_class.set_number, product_class=product_class)
    round_ = RoundFactory(
        rule_set=rule_set, level=EvaluationLevel.PROVINCE, unit=new_dt, year=2025, opens_on=datetime.date(2025, 7, 2)
    )
    product = ProductFactory(
        subject=SubjectFactory(unit=old_commune), product_class=product_class, name="Nem Lai Vung 2021"
    )
    return {"round": round_, "product": product, "office": make_user(Role.COORDINATION_OFFICE, new_dt)}


def test_a_product_entered_under_an_old_commune_registers_in_the_new_provinces_round(client, merged):
    client.force_login(merged["office"])
    url = reverse("evaluations:registration_create", args=[merged["round"].pk])
    assert merged["product"].name in client.get(url).content.decode()
    response = client.post(url, {"product": merged["product"].pk, "kind": "new"})
    assert response.status_code == 302
    assert Registration.objects.filter(round=merged["round"], product=merged["product"]).exists()


def test_a_split_commune_s_records_belong_to_its_default_successor(make_user):
    """A commune split between two new ones: its records are in the default successor's area (and the merged
    province's), not in the other successor's, until the office moves the record there."""
    from products.models import Product

    country = UnitFactory(code="VN", level=UnitLevel.COUNTRY)
    old_dt = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    split = UnitFactory(code="30184", level=UnitLevel.COMMUNE, parent=old_dt, valid_to=LAST_OLD_DAY)
    new_dt = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    default = UnitFactory(code="30187", level=UnitLevel.COMMUNE, parent=new_dt, valid_from=REFORM_DAY)
    other = UnitFactory(code="30190", level=UnitLevel.COMMUNE, parent=new_dt, valid_from=REFORM_DAY)
    old_dt.successors.add(new_dt)
    split.successors.add(default, other)
    split.default_successor = default
    split.save()
    product = ProductFactory(subject=SubjectFactory(unit=split), name="Nem xã cũ")

    def sees(unit):
        return Product.objects.restrict(make_user(Role.LOCAL_OFFICER, unit)).filter(pk=product.pk).exists()

    assert sees(default) and sees(new_dt)
    assert not sees(other)
    # Without a marked default, each successor has it.
    split.default_successor = None
    split.save()
    assert sees(other)
