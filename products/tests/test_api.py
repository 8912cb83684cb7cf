"""/api/products/ and /api/documents/: same scoping, same rules and same FilterSet as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from products.models import Certification, Document, Product
from products.tests.factories import CertificationFactory, ProductChannelFactory, ProductFactory
from products.tests.helpers import (
    EDITOR_ROLES,
    EXE_BYTES,
    PDF_BYTES,
    READ_ONLY_ROLES,
    channel,
    class_1048,
    doc_type,
    image_bytes,
    set_148,
)

pytestmark = pytest.mark.django_db


def payload(subject, unit, **overrides):
    data = {
        "subject": subject.pk,
        "name": "Khô cá lóc Tam Nông",
        "product_class": set_148("I.3.d").pk,
        "unit": unit.pk,
        "raw_material_area": "Cá đồng Tam Nông",
        "production_status": "active",
        "certifications": [
            {
                "kind": "food_safety",
                "number": "45/2024/ATTP",
                "issuer": "Chi cục QLCL",
                "issued_on": "2024-02-01",
                "expires_on": "2027-02-01",
            }
        ],
        "channels": [{"channel": channel("Postmart").pk, "detail": "postmart.vn"}],
    }
    data.update(overrides)
    return data


# Products ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_creates_updates_and_deletes_through_the_api(api, role, subject_d1, area_tree):
    client = api(role)
    response = client.post("/api/products/", payload(subject_d1, area_tree["c1"]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    product = Product.objects.get(pk=body["id"])
    assert body["set_148"]["code"] == "I.3.d"
    assert body["category_148"]["code"] == "I"
    assert body["certifications"][0]["number"] == "45/2024/ATTP"
    assert body["channels"][0]["channel_name"] == "Postmart"
    assert product.created_by == client.user
    assert AuditEntry.objects.filter(action="create", object_id=str(product.pk)).exists()

    cert_id = body["certifications"][0]["id"]
    response = client.patch(
        f"/api/products/{product.pk}/",
        {
            "name": "Khô cá lóc một nắng",
            "product_class": class_1048("1.09").pk,
            "certifications": [{"id": cert_id, "kind": "food_safety", "number": "46/2025/ATTP"}],
            "channels": [],
            "version": body["version"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "Khô cá lóc một nắng"
    assert body["regime"] == "qd1048"
    assert body["set_148"]["code"] == "I.3.d"
    assert [c["number"] for c in body["certifications"]] == ["46/2025/ATTP"]
    assert body["channels"] == []
    assert Certification.objects.get().pk == cert_id

    # a PATCH without nested lists leaves the rows alone
    ProductChannelFactory(product=product, channel=channel("Tiki"))
    response = client.patch(
        f"/api/products/{product.pk}/", {"potential_five_star": True, "version": body["version"]}, format="json"
    )
    assert response.status_code == 200
    assert len(response.json()["channels"]) == 1

    assert client.delete(f"/api/products/{product.pk}/").status_code == 204
    assert not Product.objects.exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_write_through_the_api(api, role, product_d1, subject_d1, area_tree):
    client = api(role)
    assert client.get("/api/products/").status_code == 200
    assert client.post("/api/products/", payload(subject_d1, area_tree["c1"]), format="json").status_code == 403
    assert client.patch(f"/api/products/{product_d1.pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.delete(f"/api/products/{product_d1.pk}/").status_code == 403
    assert list(Product.objects.values_list("name", flat=True)) == ["Hạt sen sấy Tháp Mười"]


def test_officer_of_another_district_cannot_write_products_outside_their_area(api, product_d1, area_tree):
    client = api(Role.LOCAL_OFFICER, area_tree["d2"])
    response = client.post("/api/products/", payload(product_d1.subject, area_tree["c1"]), format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"subject", "unit"}
    assert client.get(f"/api/products/{product_d1.pk}/").status_code == 404
    assert client.patch(f"/api/products/{product_d1.pk}/", {"name": "X"}, format="json").status_code == 404
    assert client.delete(f"/api/products/{product_d1.pk}/").status_code == 404
    assert Product.objects.count() == 1


def test_api_list_does_not_leak_another_district(api, product_d1, product_d2, area_tree):
    body = api(Role.LOCAL_OFFICER, area_tree["d2"]).get("/api/products/").json()
    assert [row["name"] for row in body["results"]] == ["Nem Lai Vung"]
    body = api(Role.COORDINATION_OFFICE).get("/api/products/").json()
    assert body["count"] == 2


def test_api_invalid_certification_saves_nothing(api, subject_d1, area_tree):
    data = payload(subject_d1, area_tree["c1"])
    data["certifications"].append(
        {"kind": "vietgap", "number": "VG-1", "issued_on": "2024-06-01", "expires_on": "2023-06-01"}
    )
    response = api(Role.LOCAL_OFFICER).post("/api/products/", data, format="json")
    assert response.status_code == 400
    assert "Ngày hết hạn không được trước ngày cấp." in str(response.json())
    assert not Product.objects.exists()
    assert not Certification.objects.exists()


def test_service_rolls_back_when_a_row_fails_after_the_product_is_saved(user_for, subject_d1, area_tree):
    """The service is the last line: an invalid row found after the product row was written undoes everything."""
    from django.core.exceptions import ValidationError

    from products import services

    officer = user_for(Role.LOCAL_OFFICER)
    data = {
        "subject": subject_d1,
        "name": "Bột sen",
        "product_class": set_148("I.3.c"),
        "unit": area_tree["c1"],
    }
    rows = [
        {"kind": "food_safety", "number": "1"},
        {"kind": "organic", "number": "2", "issued_on": "2025-01-02", "expires_on": "2025-01-01"},
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(actor=officer, data=data, certifications=rows)
    assert "Chứng nhận, dòng 2" in str(excinfo.value)
    assert not Product.objects.exists()
    assert not Certification.objects.exists()
    assert not AuditEntry.objects.exists()


def test_api_uses_the_same_filters_as_the_pages(api, subject_d1, area_tree):
    ProductFactory(subject=subject_d1, name="Bánh phồng tôm Sa Giang", potential_five_star=True)
    other = ProductFactory(subject=subject_d1, name="Nem Lai Vung", product_class=class_1048("1.08"))
    CertificationFactory(product=other, kind="trademark")
    client = api(Role.LOCAL_OFFICER)

    def names(**params):
        return {row["name"] for row in client.get("/api/products/", params).json()["results"]}

    assert names(q="banh phong") == {"Bánh phồng tôm Sa Giang"}
    assert names(regime="qd1048") == {"Nem Lai Vung"}
    assert names(certification_kind="trademark") == {"Nem Lai Vung"}
    assert names(potential_five_star="true") == {"Bánh phồng tôm Sa Giang"}
    assert names(product_set=set_148("I.3.d").pk) == {"Nem Lai Vung"}
    assert names(ordering="-name") == {"Bánh phồng tôm Sa Giang", "Nem Lai Vung"}
    assert names(stars=4) == set()  # nothing recognised: the stars filter (backed by decisions) finds nothing


def test_api_returns_and_filters_the_stored_ocop_status(api, subject_d1, area_tree, user_for):
    import datetime

    from decisions.tests.factories import AuthorityFactory, recognise

    four, old = (ProductFactory(subject=subject_d1, name=name) for name in ("Xoài sấy dẻo", "Khô cá lóc"))
    ProductFactory(subject=subject_d1, name="Gạo huyết rồng")
    office = user_for(Role.COORDINATION_OFFICE)
    authority = AuthorityFactory(unit=area_tree["province"])
    today = datetime.date.today()
    decision = recognise(office, authority, today - datetime.timedelta(days=30), (four, 4))
    recognise(office, authority, today.replace(year=today.year - 4), (old, 3))
    client = api(Role.LOCAL_OFFICER)

    rows = {row["name"]: row for row in client.get("/api/products/").json()["results"]}
    assert {name: (row["ocop_status"], row["ocop_stars"]) for name, row in rows.items()} == {
        "Xoài sấy dẻo": ("valid", 4),
        "Khô cá lóc": ("expired", None),
        "Gạo huyết rồng": ("none", None),
    }
    assert rows["Xoài sấy dẻo"]["ocop_recognition"] == decision.recognitions.get().pk
    assert rows["Xoài sấy dẻo"]["ocop_valid_until"] == decision.recognitions.get().valid_until.isoformat()
    names = lambda **params: {row["name"] for row in client.get("/api/products/", params).json()["results"]}  # noqa: E731
    assert names(stars=4) == {"Xoài sấy dẻo"}
    assert names(ocop_status="expired") == {"Khô cá lóc"}
    # read-only: a client cannot type a status in
    response = client.patch(f"/api/products/{old.pk}/", {"ocop_status": "valid", "ocop_stars": 5}, format="json")
    old.refresh_from_db()
    assert (old.ocop_status, old.ocop_stars) == ("expired", None), response.status_code


# Documents -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_uploads_lists_and_deletes_documents(api, role, product_d1):
    client = api(role)
    response = client.post(
        "/api/documents/",
        {
            "product": product_d1.pk,
            "document_type": doc_type("packaging_label_photos").pk,
            "title": "Ảnh nhãn",
            "file": SimpleUploadedFile("nhãn sản phẩm.png", image_bytes("PNG")),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subject"] == product_d1.subject_id
    assert body["content_type"] == "image/png"
    assert body["original_name"] == "nhãn sản phẩm.png"
    assert body["download_url"].endswith(f"/products/documents/{body['id']}/download/")
    assert "file" not in body  # the storage path is never exposed
    listing = client.get("/api/documents/", {"product": product_d1.pk}).json()
    assert [row["id"] for row in listing["results"]] == [body["id"]]
    # the download link is the protected page view; API clients use their token there
    token = Token.objects.create(user=client.user)
    assert APIClient().get(body["download_url"]).status_code == 302  # no credentials: to the login page
    download = APIClient(headers={"Authorization": f"Token {token.key}"}).get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == image_bytes("PNG")
    assert client.delete(f"/api/documents/{body['id']}/").status_code == 204
    assert not Document.objects.exists()


def test_api_upload_goes_through_the_same_checks(api, product_d1, settings):
    client = api(Role.LOCAL_OFFICER)
    common = {"product": product_d1.pk, "document_type": doc_type("test_report").pk}
    response = client.post(
        "/api/documents/", {**common, "file": SimpleUploadedFile("x.pdf", EXE_BYTES)}, format="multipart"
    )
    assert response.status_code == 400
    assert "Chỉ chấp nhận tệp PDF, JPEG hoặc PNG" in str(response.json()["file"])
    settings.OCOP_UPLOAD_MAX_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = client.post(
        "/api/documents/", {**common, "file": SimpleUploadedFile("big.pdf", big)}, format="multipart"
    )
    assert response.status_code == 400
    assert not Document.objects.exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_upload_through_the_api(api, role, product_d1):
    client = api(role)
    response = client.post(
        "/api/documents/",
        {
            "product": product_d1.pk,
            "document_type": doc_type("test_report").pk,
            "file": SimpleUploadedFile("a.pdf", PDF_BYTES),
        },
        format="multipart",
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_api_documents_are_scoped(api, product_d1, product_d2, area_tree, user_for):
    from products import services

    admin = user_for(Role.ADMINISTRATOR)
    theirs = services.document_upload(
        actor=admin,
        subject=product_d1.subject,
        product=product_d1,
        document_type=doc_type("test_report"),
        uploaded_file=SimpleUploadedFile("a.pdf", PDF_BYTES),
    )
    mine = services.document_upload(
        actor=admin,
        subject=product_d2.subject,
        product=product_d2,
        document_type=doc_type("test_report"),
        uploaded_file=SimpleUploadedFile("b.pdf", PDF_BYTES),
    )
    client = api(Role.LOCAL_OFFICER, area_tree["d2"])
    assert [row["id"] for row in client.get("/api/documents/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/documents/{theirs.pk}/").status_code == 404
    assert client.delete(f"/api/documents/{theirs.pk}/").status_code == 404
    response = client.post(
        "/api/documents/",
        {
            "product": product_d1.pk,
            "document_type": doc_type("test_report").pk,
            "file": SimpleUploadedFile("c.pdf", PDF_BYTES),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert Document.objects.count() == 2
