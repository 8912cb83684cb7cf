import factory

from products.models import (
    Certification,
    CertificationKind,
    ClassLevel,
    CraftVillage,
    Product,
    ProductChannel,
    ProductClass,
    Regime,
    SalesChannel,
)
from subjects.tests.factories import SubjectFactory


class ProductClassFactory(factory.django.DjangoModelFactory):
    """Defaults to the loaded set I.3.c of Decision 148 (the data migration creates it)."""

    class Meta:
        model = ProductClass
        django_get_or_create = ("regime", "level", "code")

    regime = Regime.QD148
    level = ClassLevel.SET
    code = "I.3.c"
    name = "Chế biến từ rau, củ, quả, hạt"
    set_number = 7


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    subject = factory.SubFactory(SubjectFactory)
    name = factory.Sequence(lambda n: f"Bánh phồng tôm Sa Giang {n}")
    product_class = factory.SubFactory(ProductClassFactory)
    unit = factory.LazyAttribute(lambda o: o.subject.unit)


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    product = factory.SubFactory(ProductFactory)
    kind = CertificationKind.FOOD_SAFETY
    number = factory.Sequence(lambda n: f"{n:03d}/2024/ATTP-CNĐK")
    issuer = "Chi cục Quản lý chất lượng Nông Lâm sản và Thủy sản Đồng Tháp"


class SalesChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesChannel
        django_get_or_create = ("kind", "name")

    kind = "ecommerce"
    name = "Postmart"


class ProductChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductChannel

    product = factory.SubFactory(ProductFactory)
    channel = factory.SubFactory(SalesChannelFactory)


class CraftVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CraftVillage

    name = factory.Sequence(lambda n: f"Làng nghề bánh phồng {n}")
    unit = factory.SubFactory("areas.tests.factories.UnitFactory")
    traditional = True
