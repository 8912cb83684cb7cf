import factory

from products.models import ClassLevel, Product, ProductClass, Regime
from subjects.tests.factories import SubjectFactory


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("regime", "code")

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
