"""The office's journey in the browser pages: draft, add products, review, issue; revocation; correction;
historical record; the expiring page's one-step revocation proposal; notifications."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from decisions import services
from decisions.models import Decision, Notification, Revocation

from .factories import d, product_in, recognise


@pytest.fixture
def office_client(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_recognition_draft_review_issue(office_client, province_authority, products):
    response = office_client.get(reverse("decisions:create"))
    assert response.status_code == 200
    response = office_client.post(
        reverse("decisions:create"),
        {
            "authority": province_authority.pk,
            "subject_line": "",
            "legal_basis": "Căn cứ Quyết định số 148/QĐ-TTg;",
            "recipients": "Như Điều 3;",
            "signer_name": "Phạm Văn Minh",
            "signer_title": "KT. CHỦ TỊCH",
            "date": "",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert decision.subject_line == "Về việc công nhận sản phẩm đạt chuẩn OCOP" and decision.status == "draft"

    detail = office_client.get(reverse("decisions:detail", args=[decision.pk]))
    assert detail.status_code == 200 and "Thêm sản phẩm" in detail.content.decode()
    office_client.post(
        reverse("decisions:item_add", args=[decision.pk]),
        {"product": products["a"].pk, "stars": 4, "score": "78,50", "kind": "new"},
    )
    bad = office_client.post(
        reverse("decisions:item_add", args=[decision.pk]), {"product": products["b"].pk, "stars": 2, "kind": "new"}
    )
    assert bad.status_code == 302
    assert decision.recognitions.count() == 1
    assert str(decision.recognitions.get().score) == "78.50"

    confirm = office_client.get(reverse("decisions:issue", args=[decision.pk]))
    assert confirm.status_code == 200 and "không thể sửa" in confirm.content.decode()
    refused = office_client.post(reverse("decisions:issue", args=[decision.pk]), {"date": "2024-03-04"})
    assert refused.status_code == 200  # the confirmation box must be ticked
    decision.refresh_from_db()
    assert decision.status == "draft"
    office_client.post(reverse("decisions:issue", args=[decision.pk]), {"date": "2024-03-04", "confirm": "on"})
    decision.refresh_from_db()
    assert decision.status == "issued" and decision.number_display == "1/QĐ-UBND-HC"
    assert decision.recognitions.get().valid_until == d("2027-03-03")

    page = office_client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "1/QĐ-UBND-HC" in page and "Sửa dự thảo" not in page
    assert office_client.get(reverse("decisions:edit", args=[decision.pk])).status_code == 404
    assert office_client.post(reverse("decisions:delete", args=[decision.pk])).status_code == 404


@pytest.mark.django_db
def test_revocation_with_a_ground_per_product(office_client, office, province_authority, products):
    recognised = recognise(office, province_authority, d("2022-12-29"), (products["a"], 3), (products["b"], 4))
    office_client.post(
        reverse("decisions:create_revocation"),
        {"authority": province_authority.pk, "legal_basis": "Căn cứ...", "recipients": "Như Điều 3;"},
    )
    draft = Decision.objects.get(kind="revocation")
    for product, ground, text in ((products["a"], "production_stopped", ""), (products["b"], "other", "")):
        rec = recognised.recognitions.get(product=product)
        office_client.post(
            reverse("decisions:revocation_add", args=[draft.pk]),
            {"recognition": rec.pk, "ground": ground, "ground_text": text},
        )
    assert draft.revocations.count() == 1  # "other" without a text is refused
    rec_b = recognised.recognitions.get(product=products["b"])
    office_client.post(
        reverse("decisions:revocation_add", args=[draft.pk]),
        {"recognition": rec_b.pk, "ground": "other", "ground_text": "Chủ thể giải thể"},
    )
    office_client.post(reverse("decisions:issue", args=[draft.pk]), {"date": "2023-02-01", "confirm": "on"})
    draft.refresh_from_db()
    assert draft.is_issued
    assert sorted(Revocation.objects.values_list("ground", flat=True)) == ["other", "production_stopped"]


@pytest.mark.django_db
def test_correction_from_the_detail_page(office_client, office, province_authority, products):
    issued = recognise(office, province_authority, d("2023-03-01"), (products["a"], 3, 60))
    assert "Đính chính" in office_client.get(reverse("decisions:detail", args=[issued.pk])).content.decode()
    form = office_client.get(reverse("decisions:correct", args=[issued.pk]))
    assert form.context["form"]["authority"].initial == province_authority.pk
    response = office_client.post(reverse("decisions:correct", args=[issued.pk]), {"authority": province_authority.pk})
    correction = Decision.objects.get(kind="correction")
    assert response["Location"] == reverse("decisions:detail", args=[correction.pk])
    item = correction.recognitions.get()
    office_client.post(
        reverse("decisions:item_edit", args=[correction.pk, item.pk]), {"stars": 4, "score": "71", "kind": "new"}
    )
    item.refresh_from_db()
    assert item.stars == 4


@pytest.mark.django_db
def test_record_historical_decision_form(office_client, province_authority, products):
    assert office_client.get(reverse("decisions:historical")).status_code == 200
    data = {
        "authority": province_authority.pk,
        "number_display": "1446/QĐ-UBND-HC",
        "date": "2022-12-29",
        "subject_line": "",
        "signer_name": "",
        "signer_title": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
        "items-0-product": products["a"].pk,
        "items-0-stars": "3",
        "items-0-score": "",
        "items-0-kind": "new",
        "items-1-product": products["b"].pk,
        "items-1-stars": "4",
        "items-1-score": "81,25",
        "items-1-kind": "re_evaluation",
        "items-2-product": "",
        "items-2-stars": "",
        "items-2-kind": "new",
    }
    response = office_client.post(reverse("decisions:historical"), data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert decision.historical and decision.number_display == "1446/QĐ-UBND-HC" and decision.year == 2022
    assert sorted(decision.recognitions.values_list("stars", flat=True)) == [3, 4]
    duplicate = office_client.post(reverse("decisions:historical"), data)
    assert duplicate.status_code == 200 and "đã có quyết định số 1446" in duplicate.content.decode()


@pytest.mark.django_db
def test_expiring_page_proposes_a_revocation_in_one_step(office_client, office, province_authority, area_tree):
    today = timezone.localdate()
    old = [product_in(area_tree["c1"], name=f"Sản phẩm cũ {i}") for i in range(3)]
    recognise(office, province_authority, today.replace(year=today.year - 4), *[(p, 3) for p in old])
    fresh = product_in(area_tree["c2"], name="Sản phẩm sắp hết hạn")
    start = today.replace(year=today.year - 3) + timezone.timedelta(days=10)
    recognise(office, province_authority, start, (fresh, 4))

    page = office_client.get(reverse("decisions:expiring")).content.decode()
    assert "Sản phẩm cũ 0" in page and "Sản phẩm sắp hết hạn" in page and "Đề xuất thu hồi" in page
    response = office_client.post(reverse("decisions:propose_revocation"), {"authority": province_authority.pk})
    draft = Decision.objects.get(kind="revocation")
    assert response["Location"] == reverse("decisions:detail", args=[draft.pk])
    assert draft.status == "draft"
    assert sorted(r.recognition.product.name for r in draft.revocations.all()) == [p.name for p in old]
    assert set(draft.revocations.values_list("ground", flat=True)) == {"not_reevaluated_36_months"}
    # proposing again does not draft the same products twice
    office_client.post(reverse("decisions:propose_revocation"), {"authority": province_authority.pk})
    assert Decision.objects.filter(kind="revocation").count() == 1


@pytest.mark.django_db
def test_notifications_page(office_client, office, make_user, area_tree):
    note = Notification.objects.create(
        recipient=office, text="2 sản phẩm sắp hết hiệu lực", link="/decisions/expiring/"
    )
    Notification.objects.create(recipient=make_user(), text="không phải của bạn")
    page = office_client.get(reverse("decisions:notifications")).content.decode()
    assert "2 sản phẩm sắp hết hiệu lực" in page and "không phải của bạn" not in page
    assert "badge warn" in office_client.get(reverse("decisions:index")).content.decode()
    response = office_client.post(reverse("decisions:notifications"), {"notification": note.pk})
    assert response["Location"] == "/decisions/expiring/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.django_db
def test_local_officer_reads_but_cannot_prepare(client, make_user, area_tree, office, province_authority, products):
    officer = make_user(role="local_officer", unit=area_tree["d1"])
    client.login(username=officer.username, password=PASSWORD)
    assert client.get(reverse("decisions:index")).status_code == 200
    assert client.get(reverse("decisions:recognitions")).status_code == 200
    assert client.get(reverse("decisions:expiring")).status_code == 200
    assert client.get(reverse("decisions:create")).status_code == 403
    assert client.get(reverse("decisions:historical")).status_code == 403
    draft = services.decision_draft_create(actor=office, kind="recognition", authority=province_authority)
    assert (
        client.post(reverse("decisions:issue", args=[draft.pk]), {"date": "2024-01-01", "confirm": "on"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("decisions:index"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_list_filters_and_search(office_client, office, province_authority, products):
    first = recognise(office, province_authority, d("2022-12-29"), (products["a"], 3), (products["b"], 4))
    recognise(office, province_authority, d("2024-02-01"), (products["a"], 4, 79, "upgrade"))
    listing = office_client.get(reverse("decisions:index"), {"q": "hat sen", "year": "2022"})
    assert [x.pk for x in listing.context["decisions"]] == [first.pk]
    assert office_client.get(reverse("decisions:index"), {"q": "1/QĐ", "kind": "recognition"}).status_code == 200
    register = office_client.get(reverse("decisions:recognitions"), {"valid_on": "2024-06-01", "stars": "4"})
    rows = list(register.context["recognitions"])
    assert sorted(r.product.name for r in rows) == sorted([products["a"].name, products["b"].name])
    states = {r.product_id: r.register_state for r in rows}
    assert set(states.values()) <= {"valid", "expired"}
    everything = office_client.get(reverse("decisions:recognitions")).context["recognitions"]
    replaced = [r for r in everything if r.register_state == "replaced"]
    assert [(r.product_id, r.stars) for r in replaced] == [(products["a"].pk, 3)]
    assert office_client.get(reverse("decisions:recognitions"), {"sort": "-until", "q": "xoai"}).status_code == 200
