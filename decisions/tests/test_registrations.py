"""Decisions made from approved registrations of the evaluations app (when it offers the hooks)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from decisions.models import Decision

evaluation_factories = pytest.importorskip("evaluations.tests.factories")
evaluation_models = pytest.importorskip("evaluations.models")


@pytest.mark.django_db
def test_approved_registration_becomes_a_recognition_and_is_marked_decided(
    client, office, province_authority, area_tree, products
):
    status = evaluation_models.RegistrationStatus
    registration = evaluation_factories.RegistrationFactory(
        round__unit=area_tree["province"],
        product=products["a"],
        kind="upgrade",
        status=status.APPROVED,
        score=Decimal("78.25"),
        stars=4,
    )
    client.login(username=office.username, password=PASSWORD)
    client.post(reverse("decisions:create"), {"authority": province_authority.pk, "legal_basis": "Căn cứ..."})
    draft = Decision.objects.get()
    page = client.get(reverse("decisions:detail", args=[draft.pk])).content.decode()
    assert f'name="registration" value="{registration.pk}"' in page

    client.post(reverse("decisions:items_from_registrations", args=[draft.pk]), {"registration": [registration.pk]})
    item = draft.recognitions.get()
    assert (item.product, item.stars, item.score, item.kind) == (products["a"], 4, Decimal("78.25"), "upgrade")
    assert item.registration == registration
    # once in a draft it is no longer offered to another draft
    other = client.post(reverse("decisions:create"), {"authority": province_authority.pk, "legal_basis": "x"})
    other_page = client.get(other["Location"]).content.decode()
    assert f'name="registration" value="{registration.pk}"' not in other_page

    client.post(reverse("decisions:issue", args=[draft.pk]), {"date": "2024-06-03", "confirm": "on"})
    draft.refresh_from_db()
    registration.refresh_from_db()
    assert draft.is_issued
    assert registration.status == status.DECIDED
    assert registration.decision_item == item
