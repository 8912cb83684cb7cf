"""Factories of the producers app (also for h2's application tests): ``producer_user(subject=...)`` gives a verified
producer acting for ``subject``; ``ProducerAccountFactory`` a pending one by default."""

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from producers.models import ProducerAccount, ProducerAccountStatus


class ProducerUserFactory(UserFactory):
    role = Role.PRODUCER
    unit = None


class ProducerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerAccount

    user = factory.SubFactory(ProducerUserFactory)
    status = ProducerAccountStatus.PENDING
    registration_number = factory.Sequence(lambda n: f"14{n:08d}")
    tax_code = ""
    organisation_name = factory.Sequence(lambda n: f"Hợp tác xã đăng ký {n}")
    representative_name = "Nguyễn Văn An"
    commune = factory.SubFactory(UnitFactory, level=UnitLevel.COMMUNE, unit_type="xã")
    phone = "0912345678"
    email = "htx@example.com"


def producer_user(subject, **user_kwargs):
    """A verified producer acting for ``subject`` (its account registered in the subject's commune); ``user_kwargs``
    go to the user (username, full_name...)."""
    account = ProducerAccountFactory(
        user=ProducerUserFactory(**user_kwargs),
        subject=subject,
        status=ProducerAccountStatus.VERIFIED,
        commune=subject.unit,
        organisation_name=subject.name,
        registration_number=subject.registration_number,
    )
    return account.user
