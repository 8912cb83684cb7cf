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
        proposed_action="recognise",
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


@pytest.mark.django_db
def test_draft_proposes_only_recognitions_at_this_level_and_lists_the_others_with_why(
    client, office, province_authority, area_tree, products
):
    status = evaluation_models.RegistrationStatus
    round_ = evaluation_factories.RoundFactory(unit=area_tree["province"])
    good = evaluation_factories.ApprovedRegistrationFactory(round=round_, product=products["a"])
    failed = evaluation_factories.RegistrationFactory(
        round=round_, product=products["b"], status=status.APPROVED, score=Decimal("42.00"), stars=None
    )
    forwarded = evaluation_factories.ApprovedRegistrationFactory(
        round=round_, product=products["c"], stars=5, proposed_action="forward"
    )
    client.login(username=office.username, password=PASSWORD)
    client.post(reverse("decisions:create"), {"authority": province_authority.pk, "legal_basis": "Căn cứ..."})
    draft = Decision.objects.get()
    page = client.get(reverse("decisions:detail", args=[draft.pk])).content.decode()
    assert f'name="registration" value="{good.pk}"' in page
    assert f'name="registration" value="{failed.pk}"' not in page
    assert f'name="registration" value="{forwarded.pk}"' not in page
    ineligible = page.split('id="ineligible-registrations"')[1]
    assert products["b"].name in ineligible and "Không đạt hạng sao (42,00 điểm)" in ineligible
    assert products["c"].name in ineligible and "đề nghị cấp trên đánh giá" in ineligible


@pytest.mark.django_db
def test_refusal_names_each_ineligible_product_and_adds_nothing(
    client, office, province_authority, area_tree, products
):
    status = evaluation_models.RegistrationStatus
    round_ = evaluation_factories.RoundFactory(unit=area_tree["province"])
    good = evaluation_factories.ApprovedRegistrationFactory(round=round_, product=products["a"])
    failed = evaluation_factories.RegistrationFactory(
        round=round_, product=products["b"], status=status.APPROVED, score=Decimal("40.00"), stars=None
    )
    scored = evaluation_factories.ApprovedRegistrationFactory(round=round_, product=products["c"], status=status.SCORED)
    client.login(username=office.username, password=PASSWORD)
    client.post(reverse("decisions:create"), {"authority": province_authority.pk, "legal_basis": "Căn cứ..."})
    draft = Decision.objects.get()
    response = client.post(
        reverse("decisions:items_from_registrations", args=[draft.pk]),
        {"registration": [good.pk, failed.pk, scored.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"«{products['b'].name}» không thể đưa vào quyết định: không đạt hạng sao (40,00 điểm)" in page
    assert f"«{products['c'].name}» không thể đưa vào quyết định: chưa được Văn phòng Điều phối duyệt" in page
    assert f"«{products['a'].name}» không thể" not in page
    assert not draft.recognitions.exists()
