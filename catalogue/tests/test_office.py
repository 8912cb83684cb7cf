"""Issue #17: the office records the producer's consent (scoped, audited); the periodic task gives codes."""

import pytest

from accounts.models import Role
from audit.models import AuditEntry
from catalogue.models import ProducerConsent, PublicCode
from catalogue.tasks import ensure_public_codes

pytestmark = pytest.mark.django_db


def test_office_records_consent_and_the_contact_appears(client, world, make_user, area_tree, code_of):
    subject = world["products"]["expiring"].subject
    code = code_of(world["recognitions"]["expiring"])
    assert subject.phone not in client.get(f"/catalogue/p/{code}/", follow=True).content.decode()
    assert client.get(f"/catalogue/consent/{subject.pk}/").status_code == 302  # login first
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"]))
    assert client.post(f"/catalogue/consent/{subject.pk}/", {"publish_contact": "on"}).status_code == 404
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    assert client.get(f"/catalogue/consent/{subject.pk}/").status_code == 200
    response = client.post(f"/catalogue/consent/{subject.pk}/", {"publish_contact": "on"})
    assert response.status_code == 302
    assert ProducerConsent.objects.get(subject=subject).publish_contact is True
    assert AuditEntry.objects.filter(object_id=str(ProducerConsent.objects.get(subject=subject).pk)).exists()
    client.logout()
    assert subject.phone in client.get(f"/catalogue/p/{code}/", follow=True).content.decode()


def test_the_periodic_task_gives_new_recognitions_a_code(world):
    PublicCode.objects.all().delete()
    assert ensure_public_codes() == 6  # every recognised product (the one never recognised has none)
    assert ensure_public_codes() == 0
