"""Complete dossiers (issue #15 item 2): a rule set that checks dossiers refuses the submission of a registration
lacking a required document of its product group (naming it), unless the officer gives an explicit override reason,
which is audited and shown to the council. Kinds of evaluation may waive documents (rule set data)."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import services
from evaluations.models import RegistrationKind, RegistrationStatus, RuleSet
from products.models import Document
from products.selectors import completeness

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def dossier(world):
    """World's product lacks the first required document of its group (the world completes dossiers)."""
    required = completeness(world.product).required
    assert len(required) >= 2, "the product group's checklist (reference data) requires documents"
    missing = required[0]
    Document.objects.filter(subject=world.subject, document_type=missing).delete()
    assert completeness(world.product).missing == [missing]
    return missing


def register(world, kind=RegistrationKind.NEW):
    return services.registration_create(actor=world.officer, round_=world.round, product=world.product, kind=kind)


@pytest.mark.parametrize("code", ["qd1048", "qd148", "qd148_1489"])
def test_the_rule_sets_of_the_decisions_check_dossiers(code):
    assert RuleSet.objects.get(code=code).requires_complete_dossier


def test_a_new_rule_set_checks_dossiers_unless_told_otherwise():
    rule_set = RuleSet(code="qd2026", name="QĐ 2026", effective_from="2026-01-01")
    assert rule_set.requires_complete_dossier


def test_submission_with_a_missing_required_document_is_refused_naming_it(world, dossier):
    registration = register(world)
    with pytest.raises(services.TransitionError) as refused:
        services.registration_transition(registration=registration, to_status=S.SUBMITTED, actor=world.officer)
    assert dossier.name in str(refused.value) and "thiếu" in str(refused.value)
    registration.refresh_from_db()
    assert registration.status == S.DRAFT


def test_with_an_override_reason_it_is_accepted_audited_and_shown_to_the_council(world, dossier, client):
    registration = register(world)
    why = "Giấy chứng nhận đang được cấp lại, nộp bổ sung trước ngày họp hội đồng"
    services.registration_transition(
        registration=registration, to_status=S.SUBMITTED, actor=world.officer, dossier_override=why
    )
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    assert registration.dossier_override_reason == why and dossier.name in registration.dossier_missing
    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).order_by("-pk").first()
    assert why in entry.reason and dossier.name in entry.reason
    services.registration_transition(registration=registration, to_status=S.ACCEPTED, actor=world.office)
    services.round_start_scoring(actor=world.secretary, round_=world.round)
    client.force_login(world.chair)
    page = client.get(reverse("evaluations:registration_detail", args=[registration.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Gửi khi còn thiếu hồ sơ bắt buộc" in body and why in body and dossier.name in body


def test_the_submit_page_names_the_missing_document_and_asks_for_the_reason(world, dossier, client):
    registration = register(world)
    client.force_login(world.officer)
    url = reverse("evaluations:registration_transition", args=[registration.pk, "submitted"])
    page = client.get(url).content.decode()
    assert dossier.name in page and 'name="dossier_override"' in page
    refused = client.post(url, {})
    assert refused.status_code == 400 and dossier.name in refused.content.decode()
    client.post(url, {"dossier_override": "Bổ sung sau"})
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.dossier_override_reason == "Bổ sung sau"


def test_a_kind_of_evaluation_may_waive_a_document_and_a_complete_dossier_needs_no_reason(world, dossier):
    RuleSet.objects.filter(pk=world.rule_set.pk).update(dossier_waivers={"re_evaluation": [dossier.code]})
    registration = register(world, kind=RegistrationKind.RE_EVALUATION)
    services.registration_transition(registration=registration, to_status=S.SUBMITTED, actor=world.officer)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.dossier_override_reason == ""


def test_a_rule_set_that_does_not_check_dossiers_lets_it_through(world, dossier):
    RuleSet.objects.filter(pk=world.rule_set.pk).update(requires_complete_dossier=False)
    registration = register(world)
    services.registration_transition(registration=registration, to_status=S.SUBMITTED, actor=world.officer)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.dossier_missing == ""


def test_the_draft_registration_page_names_each_missing_document_before_submission(world, dossier, client):
    second = completeness(world.product).required[1]
    Document.objects.filter(subject=world.subject, document_type=second).delete()
    registration = register(world)
    client.force_login(world.officer)
    page = client.get(reverse("evaluations:registration_detail", args=[registration.pk])).content.decode()
    assert 'id="dossier-missing"' in page and dossier.name in page and second.name in page
    assert reverse("products:document_upload", args=[world.product.pk]) in page


def test_a_complete_dossier_is_submitted_without_a_word(world, client):
    registration = register(world)
    client.force_login(world.officer)
    page = client.get(reverse("evaluations:registration_detail", args=[registration.pk])).content.decode()
    assert 'id="dossier-missing"' not in page
    url = reverse("evaluations:registration_transition", args=[registration.pk, "submitted"])
    assert 'name="dossier_override"' not in client.get(url).content.decode()
    client.post(url, {})
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.dossier_missing == ""
