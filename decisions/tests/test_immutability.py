"""Issued decisions are never edited: the services, the models and the admin refuse; a correction is a new
decision referring to the old one."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from audit.models import AuditEntry
from decisions import selectors, services
from decisions.models import Decision, IssuedDecisionError, Recognition, Revocation

from .factories import AuthorityFactory, d, recognise, revoke


@pytest.fixture
def issued(office, province_authority, products):
    return recognise(office, province_authority, d("2023-03-15"), (products["a"], 3, 60), (products["b"], 4, 75))


@pytest.mark.django_db
def test_services_refuse_to_change_an_issued_decision(office, issued, products):
    with pytest.raises(ValidationError):
        services.decision_draft_update(actor=office, decision=issued, subject_line="Sửa lại")
    with pytest.raises(ValidationError):
        services.recognition_item_add(actor=office, decision=issued, product=products["c"], stars=3)
    item = issued.recognitions.first()
    with pytest.raises(ValidationError):
        services.recognition_item_update(actor=office, item=item, stars=5)
    with pytest.raises(ValidationError):
        services.decision_item_remove(actor=office, item=item)
    with pytest.raises(ValidationError):
        services.decision_draft_delete(actor=office, decision=issued)
    with pytest.raises(ValidationError):
        services.decision_issue(actor=office, decision=issued)
    issued.refresh_from_db()
    assert issued.subject_line != "Sửa lại"
    assert issued.recognitions.count() == 2


@pytest.mark.django_db
def test_model_guard_refuses_save_and_delete(issued, products):
    stale = Decision.objects.get(pk=issued.pk)
    stale.subject_line = "Sửa thẳng vào bảng"
    with pytest.raises(IssuedDecisionError):
        stale.save()
    with pytest.raises(IssuedDecisionError):
        stale.delete()
    item = Recognition.objects.get(decision=issued, product=products["a"])
    item.stars = 5
    with pytest.raises(IssuedDecisionError):
        item.save()
    with pytest.raises(IssuedDecisionError):
        item.delete()
    with pytest.raises(IssuedDecisionError):
        Recognition(decision=issued, product=products["c"], stars=3).save()
    assert Decision.objects.get(pk=issued.pk).subject_line != "Sửa thẳng vào bảng"
    assert Recognition.objects.get(pk=item.pk).stars == 3


@pytest.mark.django_db
def test_a_draft_instance_loaded_before_issuing_cannot_be_saved_after(office, province_authority, products):
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=3)
    stale = Decision.objects.get(pk=draft.pk)
    services.decision_issue(actor=office, decision=draft, date=d("2024-01-02"))
    stale.subject_line = "?"
    with pytest.raises(IssuedDecisionError):
        stale.save()


@pytest.mark.django_db
def test_admin_is_read_only_for_decisions(issued, make_user, area_tree):
    admin_user = make_user(role="administrator", unit=area_tree["country"], is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = site._registry[Decision]
    assert not model_admin.has_change_permission(request, issued)
    assert not model_admin.has_delete_permission(request, issued)
    assert not model_admin.has_add_permission(request)


@pytest.mark.django_db
def test_correction_is_a_new_decision_referring_to_the_old_one(office, issued, products):
    correction = services.correction_draft_create(actor=office, decision=issued)
    assert correction.kind == "correction" and correction.corrects == issued and not correction.is_issued
    rows = {r.product_id: r for r in correction.recognitions.all()}
    assert set(rows) == {products["a"].pk, products["b"].pk}
    services.recognition_item_update(actor=office, item=rows[products["a"].pk], stars=4, score="72,5".replace(",", "."))
    services.decision_item_remove(actor=office, item=rows[products["b"].pk])
    correction = services.decision_issue(actor=office, decision=correction, date=d("2023-04-01"))

    assert correction.number_display and correction.number != issued.number
    fixed = correction.recognitions.get()
    original = issued.recognitions.get(product=products["a"])
    assert fixed.corrects == original
    assert (fixed.valid_from, fixed.valid_until) == (original.valid_from, original.valid_until)
    original.refresh_from_db()
    assert original.stars == 3  # the old decision is untouched
    assert selectors.product_status(products["a"], on=d("2023-03-20")).current_stars == 3
    assert selectors.product_status(products["a"], on=d("2023-04-01")).current_stars == 4
    assert selectors.product_status(products["b"], on=d("2023-04-01")).current_stars == 4
    assert selectors.valid_recognitions(office, on=d("2023-05-01")).count() == 2
    assert AuditEntry.objects.filter(object_id=str(correction.pk), action="transition").exists()


@pytest.mark.django_db
def test_a_corrected_recognition_is_revoked_through_its_correction(office, province_authority, issued, products):
    correction = services.correction_draft_create(actor=office, decision=issued)
    services.decision_issue(actor=office, decision=correction, date=d("2023-04-01"))
    old = issued.recognitions.get(product=products["a"])
    with pytest.raises(ValidationError):
        revoke(office, province_authority, d("2023-05-01"), (old, "violation"))
    new = correction.recognitions.get(product=products["a"])
    revoke(office, province_authority, d("2023-05-01"), (new, "violation"))
    assert selectors.product_status(products["a"], on=d("2023-05-02")).state == "revoked"


@pytest.mark.django_db
def test_revocation_rules(office, province_authority, issued, products):
    rec = issued.recognitions.get(product=products["a"])
    with pytest.raises(ValidationError):
        revoke(office, province_authority, d("2023-05-01"), (rec, "other", ""))  # "other" needs a text
    with pytest.raises(ValidationError):
        revoke(office, province_authority, d("2023-03-01"), (rec, "violation"))  # before the recognition
    revoke(office, province_authority, d("2023-05-01"), (rec, "other", "Chủ thể giải thể"))
    with pytest.raises(ValidationError):
        revoke(office, province_authority, d("2023-06-01"), (rec, "violation"))  # already revoked
    assert Revocation.objects.get(recognition=rec).ground_label == "Chủ thể giải thể"
    with pytest.raises(ValidationError):
        services.revocation_decision_issue(actor=office, authority=province_authority, items=[], date=d("2023-06-01"))


@pytest.mark.django_db
def test_only_the_office_issues(make_user, area_tree, province_authority, products):
    officer = make_user(role="local_officer", unit=area_tree["province"])
    leader = make_user(role="leadership", unit=area_tree["province"])
    for user in (officer, leader):
        with pytest.raises(services.PermissionDenied):
            services.decision_draft_create(actor=user, kind="recognition", authority=province_authority)
    other_office = make_user(role="coordination_office", unit=area_tree["other_province"])
    with pytest.raises(services.PermissionDenied):
        services.decision_draft_create(actor=other_office, kind="recognition", authority=province_authority)


@pytest.mark.django_db
def test_stars_and_score_are_checked(office, province_authority, products):
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    with pytest.raises(ValidationError):
        services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=2)
    with pytest.raises(ValidationError):
        services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=3, score=101)
    services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=3, score=55)
    with pytest.raises(ValidationError):
        services.recognition_item_add(actor=office, decision=draft, product=products["a"], stars=4)
    with pytest.raises(ValidationError):
        services.decision_issue(actor=office, decision=draft, date=d("2999-01-01"))
    empty = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    with pytest.raises(ValidationError):
        services.decision_issue(actor=office, decision=empty)


@pytest.mark.django_db
def test_an_abolished_authority_records_history_but_drafts_nothing_new(office, province_authority, products):
    province_authority.is_active = False
    province_authority.save()
    with pytest.raises(ValidationError):
        services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    old = services.historical_recognition_record(
        actor=office,
        authority=province_authority,
        number_display="12/QĐ-UBND",
        date=d("2021-05-04"),
        items=[{"product": products["a"], "stars": 3}],
    )
    successor = AuthorityFactory(unit=province_authority.unit)
    with pytest.raises(ValidationError):
        services.correction_draft_create(actor=office, decision=old)
    correction = services.correction_draft_create(actor=office, decision=old, authority=successor)
    assert correction.authority == successor and correction.corrects == old
