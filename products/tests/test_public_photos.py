"""Issue #17 item 1, office side: an editor marks a product photo public (công khai) for the catalogue, or withdraws
it; only a product's own JPEG/PNG, re-checked as uploads are; audited; scoped like every dossier write."""

from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from products.models import Document
from products.tests.helpers import EDITOR_ROLES, PDF_BYTES, READ_ONLY_ROLES, image_bytes
from products.tests.test_documents import make_document

pytestmark = pytest.mark.django_db


def mark(client, document, public=True, **extra):
    url = reverse("products:document_public", args=[document.pk])
    return client.post(url, {"public": "1" if public else "0", **extra}, follow=True)


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_editor_marks_a_product_photo_public_then_withdraws_it(web, role, product_d1, user_for):
    photo = make_document(user_for(Role.ADMINISTRATOR), product_d1, "packaging_label_photos", image_bytes(), "a.png")
    client = web(role)
    page = client.get(reverse("products:detail", args=[product_d1.pk])).content.decode()
    assert "Công khai trên danh mục" in page
    response = mark(client, photo, reason="Chủ thể gửi ảnh để giới thiệu")
    assert response.status_code == 200 and "đã được công khai" in response.content.decode()
    photo.refresh_from_db()
    assert photo.public and len(photo.public_token) >= 24
    assert "Thôi công khai" in response.content.decode()
    entry = AuditEntry.objects.get(action="update", content_type__model="document", object_id=str(photo.pk))
    assert entry.before == {"public": False} and entry.after == {"public": True}
    assert entry.reason == "Chủ thể gửi ảnh để giới thiệu" and entry.actor == client.user
    token = photo.public_token
    assert mark(client, photo, public=False).status_code == 200
    photo.refresh_from_db()
    assert not photo.public and photo.public_token is None
    assert AuditEntry.objects.filter(content_type__model="document", after={"public": False}).count() == 1
    mark(client, photo)
    photo.refresh_from_db()
    assert photo.public_token != token  # a new mark, a new URL: the withdrawn one stays dead


def test_a_pdf_or_a_subjects_document_cannot_be_public(web, product_d1, user_for):
    admin = user_for(Role.ADMINISTRATOR)
    pdf = make_document(admin, product_d1, "test_report", PDF_BYTES, "phieu.pdf")
    subject_photo = make_document(admin, product_d1, "business_registration", image_bytes("JPEG"), "dk.jpg", True)
    client = web(Role.COORDINATION_OFFICE)
    page = client.get(reverse("products:detail", args=[product_d1.pk])).content.decode()
    assert reverse("products:document_public", args=[pdf.pk]) not in page
    response = mark(client, pdf)
    assert "Chỉ ảnh JPEG hoặc PNG của sản phẩm mới được công khai." in response.content.decode()
    assert client.post(reverse("products:document_public", args=[subject_photo.pk]), {"public": "1"}).status_code == 404
    assert not Document.objects.filter(public=True).exists()
    assert not AuditEntry.objects.filter(action="update", content_type__model="document").exists()


def test_the_stored_image_is_checked_again_when_marked(web, product_d1, user_for, _media_root):
    photo = make_document(user_for(Role.ADMINISTRATOR), product_d1, "packaging_label_photos", image_bytes(), "a.png")
    Path(_media_root, photo.file.name).write_bytes(b"\x89PNG\r\n\x1a\n<script>alert(1)</script>")  # damaged since
    response = mark(web(Role.COORDINATION_OFFICE), photo)
    assert "Tệp ảnh bị hỏng hoặc không đọc được." in response.content.decode()
    photo.refresh_from_db()
    assert not photo.public and photo.public_token is None


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_mark(web, role, product_d1, user_for):
    photo = make_document(user_for(Role.ADMINISTRATOR), product_d1, "packaging_label_photos", image_bytes(), "a.png")
    assert web(role).post(reverse("products:document_public", args=[photo.pk]), {"public": "1"}).status_code == 403
    photo.refresh_from_db()
    assert not photo.public


def test_another_area_or_anonymous_cannot_mark(client, web, product_d1, user_for, area_tree):
    photo = make_document(user_for(Role.ADMINISTRATOR), product_d1, "packaging_label_photos", image_bytes(), "a.png")
    url = reverse("products:document_public", args=[photo.pk])
    response = client.post(url, {"public": "1"})
    assert response.status_code == 302 and "next=" in response["Location"]  # log in first
    assert web(Role.LOCAL_OFFICER, area_tree["d2"]).post(url, {"public": "1"}).status_code == 404
    photo.refresh_from_db()
    assert not photo.public
