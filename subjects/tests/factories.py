import factory

from areas.tests.factories import UnitFactory
from subjects.models import Gender, LegalForm, Subject


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    name = factory.Sequence(lambda n: f"Hợp tác xã Sen Hồng {n}")
    legal_form = LegalForm.COOPERATIVE
    registration_number = factory.Sequence(lambda n: f"1400{n:06d}")
    address = "Ấp 1"
    unit = factory.SubFactory(UnitFactory)
    representative_name = factory.Faker("name", locale="vi_VN")
    representative_gender = Gender.FEMALE
    workforce_total = 10
    workforce_local = 8
    workforce_qualified = 2
