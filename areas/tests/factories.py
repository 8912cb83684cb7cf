import factory

from areas.models import AdministrativeUnit, UnitLevel


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = UnitLevel.PROVINCE
    unit_type = "tỉnh"
    parent = None
