"""Central decisions (#19): the coordination office records the ministry's 5★ recognition or revocation of a
product of its area, through the decisions pages and through the recognitions / revocations imports."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from decisions.models import AuthorityLevel, Decision, DecisionKind, Recognition, Revocation
from decisions.tests.factories import AuthorityFactory, d, product_in
from imports.models import JobStatus
from products.models import OcopStatus, Product

from .conftest import counts, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(area_tree):
    return AuthorityFactory(
        name="Bộ Nông nghiệp và Môi trường",
        level=AuthorityLevel.CENTRAL,
        unit=area_tree["country"],
        number_suffix="QĐ-BNNMT-VPĐP",
        header_name="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
    )


@pytest.fixture
def product(area_tree):
    return product_in(area_tree["c1"], name="Bánh phồng tôm Sa Giang", subject__registration_number="1400000001")


@pytest.fixture
def other_office(make_user, area_tree):
    return make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"], username="vpdp_tg")


def _draft(client, kind_url, ministry):
    response = client.post(reverse(kind_url), {"authority": ministry.pk, "legal_basis": "", "recipients": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Decision.objects.latest("pk")


def test_the_office_records_a_ministry_5_star_recognition_through_the_pages(client, office, ministry, product):
    client.force_login(office)
    form = client.get(reverse("decisions:create")).content.decode()
    assert "Bộ Nông nghiệp và Môi trường" in form and "chỉ để ghi nhận quyết định công nhận hoặc thu hồi" in form

    draft = _draft(client, "decisions:create", ministry)
    assert draft.unit == office.unit  # the office's copy, in its area
    page = client.post(
        reverse("decisions:item_add", args=[draft.pk]), {"product": product.pk, "stars": 4, "kind": "new"}, follow=True
    ).content.decode()
    assert "chỉ công nhận sản phẩm 5 sao" in page
    client.post(reverse("decisions:item_add", args=[draft.pk]), {"product": product.pk, "stars": 5, "kind": "new"})
    assert draft.recognitions.get().stars == 5

    issue_url = reverse("decisions:issue", args=[draft.pk])
    confirm = client.get(issue_url).content.decode()
    assert "Cổng không cấp số cho quyết định này" in confirm and "Ghi nhận quyết định" in confirm
    refused = client.post(issue_url, {"number_display": "", "date": "2025-03-10", "confirm": "on"})
    assert refused.status_code == 200 and "do Bộ đánh số" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"

    client.post(issue_url, {"number_display": "1234/QĐ-BNNMT-VPĐP", "date": "2025-03-10", "confirm": "on"})
    draft.refresh_from_db()
    assert (draft.status, draft.number_display, draft.date) == ("issued", "1234/QĐ-BNNMT-VPĐP", d("2025-03-10"))
    recognition = draft.recognitions.get()
    assert recognition.valid_until == d("2028-03-09") and recognition.certificate_number == ""
    product.refresh_from_db()
    assert (product.ocop_status, product.ocop_stars) == (OcopStatus.VALID, 5)
    audited = AuditEntry.objects.filter(object_id=str(draft.pk)) | AuditEntry.objects.filter(object_id=draft.pk)
    assert audited.exists()
    detail = client.get(reverse("decisions:detail", args=[draft.pk])).content.decode()
    assert "quyết định của cơ quan trung ương" in detail
    assert reverse("decisions:certificates", args=[draft.pk]) not in detail  # the ministry prints its certificates
    listed = client.get(reverse("decisions:index"), {"authority": ministry.pk}).content.decode()
    assert "1234/QĐ-BNNMT-VPĐP" in listed


def test_another_province_neither_sees_nor_changes_the_record_but_may_record_the_same_number(
    client, office, other_office, ministry, product, area_tree
):
    client.force_login(office)
    draft = _draft(client, "decisions:create", ministry)
    client.post(reverse("decisions:item_add", args=[draft.pk]), {"product": product.pk, "stars": 5, "kind": "new"})
    client.post(
        reverse("decisions:issue", args=[draft.pk]),
        {"number_display": "1234/QĐ-BNNMT-VPĐP", "date": "2025-03-10", "confirm": "on"},
    )
    client.force_login(other_office)
    assert client.get(reverse("decisions:detail", args=[draft.pk])).status_code == 404
    # the other office may not name our product, but records the same ministry decision for its own
    theirs = product_in(area_tree["other_province"], name="Kẹo dừa")
    other = _draft(client, "decisions:create", ministry)
    client.post(reverse("decisions:item_add", args=[other.pk]), {"product": product.pk, "stars": 5, "kind": "new"})
    assert other.recognitions.count() == 0
    client.post(reverse("decisions:item_add", args=[other.pk]), {"product": theirs.pk, "stars": 5, "kind": "new"})
    client.post(
        reverse("decisions:issue", args=[other.pk]),
        {"number_display": "1234/QĐ-BNNMT-VPĐP", "date": "2025-03-10", "confirm": "on"},
    )
    other.refresh_from_db()
    assert other.is_issued and other.unit == area_tree["other_province"]


def test_the_office_records_a_ministry_revocation_of_a_5_star_product(client, office, ministry, product, area_tree):
    from decisions import services

    four = product_in(area_tree["c1"], name="Nem Lai Vung")
    provincial = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    services.recognition_decision_issue(
        actor=office, authority=provincial, items=[{"product": four, "stars": 4}], date=d("2024-01-05")
    )
    services.historical_recognition_record(
        actor=office,
        authority=ministry,
        number_display="88/QĐ-BNNMT-VPĐP",
        date=d("2024-02-01"),
        items=[{"product": product, "stars": 5}],
    )
    client.force_login(office)
    draft = _draft(client, "decisions:create_revocation", ministry)
    wrong = Recognition.objects.get(product=four)
    page = client.post(
        reverse("decisions:revocation_add", args=[draft.pk]),
        {"recognition": wrong.pk, "ground": "violation", "ground_text": ""},
        follow=True,
    ).content.decode()
    assert "chỉ thu hồi công nhận 5 sao" in page
    five = Recognition.objects.get(product=product)
    client.post(
        reverse("decisions:revocation_add", args=[draft.pk]),
        {"recognition": five.pk, "ground": "violation", "ground_text": ""},
    )
    client.post(
        reverse("decisions:issue", args=[draft.pk]),
        {"number_display": "301/QĐ-BNNMT-VPĐP", "date": "2025-05-02", "confirm": "on"},
    )
    draft.refresh_from_db()
    assert draft.is_issued and draft.revocations.get().recognition == five
    product.refresh_from_db()
    assert (product.ocop_status, product.ocop_revoked_on) == (OcopStatus.REVOKED, d("2025-05-02"))


# --- imports ----------------------------------------------------------------------------------------------------


@pytest.fixture
def load(client, upload):
    def run(user, kind, rows, expect_errors=False):
        job = upload(user, kind, xlsx_bytes(rows))
        if expect_errors:
            return job
        assert job.error_count == 0, job.preview["errors"]
        client.post(f"/imports/jobs/{job.pk}/commit/", {"confirm": "on"})
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.outcome
        return job

    return run


RECOGNITION_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Hạng sao",
]
REVOCATION_HEADERS = [
    "Số quyết định thu hồi",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Số đăng ký kinh doanh của chủ thể",
    "Tên sản phẩm",
    "Lý do thu hồi",
]


def test_ministry_decisions_through_the_imports(load, office, ministry, product, area_tree):
    product_in(area_tree["c1"], name="Mắm cá linh", subject__registration_number="1400000002")
    rows = [
        RECOGNITION_HEADERS,
        [
            "1234/QĐ-BNNMT-VPĐP",
            "10/03/2025",
            "Bộ Nông nghiệp và Môi trường",
            "1400000001",
            "Bánh phồng tôm Sa Giang",
            5,
        ],
        ["1234/QĐ-BNNMT-VPĐP", "10/03/2025", "Bộ Nông nghiệp và Môi trường", "1400000002", "Mắm cá linh", 4],
    ]
    before = counts()
    job = load(office, "recognitions", rows, expect_errors=True)
    assert any("chỉ công nhận sản phẩm 5 sao" in error["message"] for error in job.preview["errors"])
    assert counts() == before

    del rows[2]
    job = load(office, "recognitions", rows)
    decision = Decision.objects.get(authority=ministry)
    assert (decision.unit, decision.number_display, decision.historical) == (
        area_tree["province"],
        "1234/QĐ-BNNMT-VPĐP",
        True,
    )
    assert Product.objects.get(pk=product.pk).ocop_stars == 5
    assert AuditEntry.objects.count() > before["AuditEntry"]
    before = counts()
    job = load(office, "recognitions", rows)
    assert job.unchanged_count == 1 and counts() == before

    revocation = [
        REVOCATION_HEADERS,
        [
            "301/QĐ-BNNMT-VPĐP",
            "02/05/2025",
            "Bộ Nông nghiệp và Môi trường",
            "1400000001",
            "bánh phồng tôm sa giang",
            "Vi phạm",
        ],
    ]
    load(office, "revocations", revocation)
    assert Revocation.objects.get().decision.kind == DecisionKind.REVOCATION
    assert Product.objects.get(pk=product.pk).ocop_status == OcopStatus.REVOKED
    before = counts()
    assert load(office, "revocations", revocation).unchanged_count == 1
    assert counts() == before


def test_a_ministry_decision_cannot_name_a_product_outside_the_area(load, other_office, ministry, product):
    rows = [
        RECOGNITION_HEADERS,
        [
            "1234/QĐ-BNNMT-VPĐP",
            "10/03/2025",
            "Bộ Nông nghiệp và Môi trường",
            "1400000001",
            "Bánh phồng tôm Sa Giang",
            5,
        ],
    ]
    job = load(other_office, "recognitions", rows, expect_errors=True)
    assert "ngoài địa bàn" in job.preview["errors"][0]["message"]
    assert Decision.objects.count() == 0


def test_the_recorded_decisions_page_takes_a_ministry_decision_5_stars_only(client, office, ministry, product):
    client.force_login(office)
    assert "Bộ Nông nghiệp và Môi trường" in client.get(reverse("decisions:historical")).content.decode()
    data = {
        "authority": ministry.pk,
        "number_display": "1234/QĐ-BNNMT-VPĐP",
        "date": "2025-03-10",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
        "items-0-product": product.pk,
        "items-0-stars": "4",
        "items-0-kind": "new",
    }
    refused = client.post(reverse("decisions:historical"), data)
    assert refused.status_code == 200 and "chỉ công nhận sản phẩm 5 sao" in refused.content.decode()
    assert Decision.objects.count() == 0
    data["items-0-stars"] = "5"
    assert client.post(reverse("decisions:historical"), data).status_code == 302
    decision = Decision.objects.get()
    assert (decision.authority, decision.unit, decision.number_display) == (ministry, office.unit, "1234/QĐ-BNNMT-VPĐP")
    assert Product.objects.get(pk=product.pk).ocop_stars == 5
