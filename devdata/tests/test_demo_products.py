import pytest

from areas.models import AdministrativeUnit, UnitLevel
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo
from devdata.demo import products as demo
from products.models import CraftVillage, Document, Product
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_nothing_without_subjects():
    areas_demo.load()
    accounts_demo.load()
    assert demo.load() == []
    assert not Product.objects.exists()


def test_demo_products_are_created_once_for_the_demo_subjects(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    areas_demo.load()
    accounts_demo.load()
    # Official communes of old Đồng Tháp (the 2025 communes reuse some codes: the old one is meant).
    for code in ["30037", "30076", "30226", "29905", "30001", "30169", "30130", "30244"]:
        unit = AdministrativeUnit.objects.get(code=code, level=UnitLevel.COMMUNE, valid_to__isnull=False)
        SubjectFactory(unit=unit, name=f"Chủ thể mẫu {code}")
    created = demo.load()
    assert 70 <= len(created) <= 90
    assert Product.objects.count() == len(created)
    assert {"Hạt sen sấy Tháp Mười", "Nem Lai Vung", "Chiếu Định Yên", "Quýt hồng Lai Vung"} <= set(
        Product.objects.values_list("name", flat=True)
    )
    # products follow their district: the lotus products go to the Tháp Mười subject
    assert Product.objects.get(name="Hạt sen sấy Tháp Mười").subject.unit.code == "30037"
    assert Product.objects.filter(product_class__regime="qd1048").exists()
    assert Product.objects.filter(certifications__isnull=False).distinct().count() > 50
    assert Product.objects.filter(channel_links__isnull=False).distinct().count() == Product.objects.count()
    village = CraftVillage.objects.get(name="Làng nghề chiếu Định Yên")
    assert village.unit.full_name == "Xã Định Yên, Huyện Lấp Vò, Tỉnh Đồng Tháp"
    assert Product.objects.filter(craft_village__name="Làng nghề nem Lai Vung").exists()
    documents = Document.objects.all()
    assert documents.filter(product__isnull=True).exists()
    assert {d.content_type for d in documents} == {"application/pdf", "image/png"}

    assert demo.load() == []  # idempotent
    assert Product.objects.count() == len(created)
    assert Document.objects.count() == documents.count()
