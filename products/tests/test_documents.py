"""Dossier documents: content checks on upload, safe storage, protected downloads, completeness, deletion."""

import hashlib
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from products import services
from products.models import Document
from products.tests.helpers import EDITOR_ROLES, ELF_BYTES, EXE_BYTES, PDF_BYTES, READ_ONLY_ROLES, doc_type, image_bytes

pytestmark = pytest.mark.django_db


def upload(client, product, payload, name, type_code="test_report", **extra):
    data = {"document_type": doc_type(type_code).pk, "title": extra.pop("title", ""), **extra}
    data["file"] = SimpleUploadedFile(name, payload, content_type="application/octet-stream")
    return client.post(reverse("products:document_upload", args=[product.pk]), data)


def stored(document, media_root):
    return Path(media_root) / document.file.name


def make_document(actor, product, type_code="test_report", payload=PDF_BYTES, name="phieu.pdf", subject_level=False):
    return services.document_upload(
        actor=actor,
        subject=product.subject,
        product=None if subject_level else product,
        document_type=doc_type(type_code),
        uploaded_file=SimpleUploadedFile(name, payload),
    )


# Upload --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
@pytest.mark.parametrize(
    ("payload", "name", "content_type", "extension"),
    [
        (PDF_BYTES, "Phiếu kiểm nghiệm.pdf", "application/pdf", ".pdf"),
        (image_bytes("PNG"), "nhãn.png", "image/png", ".png"),
        (image_bytes("JPEG"), "bao bì.JPG", "image/jpeg", ".jpg"),
    ],
)
def test_editor_uploads_pdf_png_jpeg(web, role, product_d1, payload, name, content_type, extension, _media_root):
    client = web(role)
    assert client.get(reverse("products:document_upload", args=[product_d1.pk])).status_code == 200
    response = upload(client, product_d1, payload, name, title="Kết quả kiểm nghiệm 2024")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.product == product_d1
    assert document.subject == product_d1.subject
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.size == len(payload)
    assert document.sha256 == hashlib.sha256(payload).hexdigest()
    assert document.storage_key.endswith(extension)
    assert len(document.storage_key) == 32 + len(extension)
    assert name not in document.file.name  # the stored name is random
    assert stored(document, _media_root).read_bytes() == payload
    assert document.uploaded_by == client.user
    assert AuditEntry.objects.filter(action="create", content_type__model="document").count() == 1


@pytest.mark.parametrize("payload", [EXE_BYTES, ELF_BYTES, b"<html><script>alert(1)</script></html>", b"GIF89a...."])
def test_executable_or_other_content_renamed_pdf_is_refused(web, product_d1, payload, _media_root):
    response = upload(web(Role.LOCAL_OFFICER), product_d1, payload, "ho-so.pdf")
    assert response.status_code == 200
    assert "Chỉ chấp nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Document.objects.exists()
    assert not any(Path(_media_root).rglob("*.*"))


def test_corrupt_image_is_refused(web, product_d1):
    truncated = image_bytes("PNG")[:20]
    response = upload(web(Role.LOCAL_OFFICER), product_d1, truncated, "anh.png")
    assert "Tệp ảnh bị hỏng hoặc không đọc được." in response.content.decode()
    assert not Document.objects.exists()


def test_oversize_file_is_refused(web, product_d1, settings, _media_root):
    settings.OCOP_UPLOAD_MAX_MB = 1
    payload = PDF_BYTES + b"0" * (1024 * 1024)
    response = upload(web(Role.LOCAL_OFFICER), product_d1, payload, "lon.pdf")
    assert response.status_code == 200
    assert "Dung lượng tối đa cho phép là 1 MB" in response.content.decode()
    assert not Document.objects.exists()
    assert not any(Path(_media_root).rglob("*.*"))


def test_empty_file_is_refused(web, product_d1):
    response = upload(web(Role.LOCAL_OFFICER), product_d1, b"", "rong.pdf")
    assert response.status_code == 200
    assert not Document.objects.exists()


def raw_multipart(fields, filename, payload, boundary="ocopBOUNDARY"):
    """A multipart body written by hand, so the file name reaches the server exactly as given."""
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + payload
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\etc\\passwd.pdf", "/etc/passwd.pdf"])
def test_path_traversal_name_over_http_is_stored_safely(web, product_d1, name, _media_root):
    client = web(Role.LOCAL_OFFICER)
    body, content_type = raw_multipart({"document_type": doc_type("test_report").pk}, name, PDF_BYTES)
    # the CSRF check is off in the test client; the body is exactly what a hostile client could send
    response = client.post(
        reverse("products:document_upload", args=[product_d1.pk]), data=body, content_type=content_type
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "passwd.pdf"
    path = stored(document, _media_root).resolve()
    assert path.is_relative_to(Path(_media_root).resolve())
    assert path.name == document.storage_key
    assert not (Path(_media_root) / ".." / ".." / "etc").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/etc/cron.d/evil.pdf", "evil.pdf"),
        ("..", "ho-so"),
        ("bao\x00cao\x1b.pdf", "baocao.pdf"),
        (".htaccess", "htaccess"),
    ],
)
def test_service_sanitises_any_name(user_for, product_d1, name, expected, _media_root):
    """Whatever the caller passes (API client, import script), the name is reduced to a harmless label."""
    document = services.document_upload(
        actor=user_for(Role.LOCAL_OFFICER),
        subject=product_d1.subject,
        product=product_d1,
        document_type=doc_type("test_report"),
        uploaded_file=File(io.BytesIO(PDF_BYTES), name=name),
    )
    assert document.original_name == expected
    path = stored(document, _media_root).resolve()
    assert path.is_relative_to(Path(_media_root).resolve())
    assert path.parent.name == str(product_d1.subject_id)
    assert path.name == document.storage_key


def test_expiry_before_issue_is_refused_on_documents(web, product_d1):
    response = upload(
        web(Role.LOCAL_OFFICER), product_d1, PDF_BYTES, "a.pdf", issued_on="2024-05-01", valid_until="2024-01-01"
    )
    assert "Ngày hết hiệu lực không được trước ngày cấp." in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_upload(web, role, product_d1):
    client = web(role)
    assert client.get(reverse("products:document_upload", args=[product_d1.pk])).status_code == 403
    assert upload(client, product_d1, PDF_BYTES, "a.pdf").status_code == 403
    url = reverse("products:subject_document_upload", args=[product_d1.subject_id])
    assert client.get(url).status_code == 403
    assert not Document.objects.exists()


def test_officer_of_another_district_cannot_upload(web, product_d1, area_tree):
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    assert upload(client, product_d1, PDF_BYTES, "a.pdf").status_code == 404
    url = reverse("products:subject_document_upload", args=[product_d1.subject_id])
    assert client.get(url).status_code == 404
    assert not Document.objects.exists()


def test_subject_scope_type_uploaded_from_a_product_is_kept_at_subject_level(web, product_d1):
    response = upload(web(Role.LOCAL_OFFICER), product_d1, PDF_BYTES, "dkkd.pdf", type_code="business_registration")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.product is None
    assert document.subject == product_d1.subject


def test_subject_level_upload_page(web, subject_d1):
    client = web(Role.LOCAL_OFFICER)
    url = reverse("products:subject_document_upload", args=[subject_d1.pk])
    page = client.get(url).content.decode()
    assert "Hồ sơ chủ thể" in page
    assert "Phiếu kiểm nghiệm" not in page  # product-scope types are not offered here
    response = client.post(
        url,
        {
            "document_type": doc_type("food_safety_certificate").pk,
            "title": "Giấy chứng nhận ATTP",
            "file": SimpleUploadedFile("attp.png", image_bytes("PNG")),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.product is None
    assert "Giấy chứng nhận ATTP" in client.get(url).content.decode()


# Completeness --------------------------------------------------------------------------------------------------


def test_completeness_counts_subject_level_documents(web, product_d1, subject_d1, user_for):
    from products.tests.factories import ProductFactory

    officer = user_for(Role.LOCAL_OFFICER)
    sibling = ProductFactory(subject=subject_d1, name="Trà tim sen")
    client = web(Role.LOCAL_OFFICER)
    before = client.get(reverse("products:detail", args=[product_d1.pk])).context["completeness"]
    assert before.total == 8  # food group (I): the checklist of the data migration
    assert before.done == 0
    make_document(officer, product_d1, "business_registration", subject_level=True)
    make_document(officer, product_d1, "food_safety_certificate", subject_level=True)
    make_document(officer, product_d1, "test_report")
    make_document(officer, sibling, "registration_form")  # another product's document does not count
    response = client.get(reverse("products:detail", args=[product_d1.pk]))
    completeness = response.context["completeness"]
    assert completeness.done == 3
    assert "3/8 hồ sơ" in response.content.decode()
    missing = {t.code for t in completeness.missing}
    assert "business_registration" not in missing
    assert "registration_form" in missing
    # the sibling product reuses the subject documents
    sibling_page = client.get(reverse("products:detail", args=[sibling.pk]))
    assert sibling_page.context["completeness"].done == 3
    # the list shows the same figure
    listing = client.get(reverse("products:list")).content.decode()
    assert "3/8 hồ sơ" in listing


# Download ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES + READ_ONLY_ROLES)
def test_download_keeps_vietnamese_name(web, role, product_d1, user_for):
    document = make_document(user_for(Role.ADMINISTRATOR), product_d1, name="Phiếu kiểm nghiệm số 5.pdf")
    response = web(role).get(reverse("products:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Phieu kiem nghiem so 5.pdf"' in disposition
    assert "filename*=UTF-8''" + quote("Phiếu kiểm nghiệm số 5.pdf", safe="") in disposition
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_view_and_extension_follow_the_content(web, product_d1, user_for):
    document = make_document(user_for(Role.ADMINISTRATOR), product_d1, payload=image_bytes("PNG"), name="anh.pdf")
    response = web(Role.LOCAL_OFFICER).get(reverse("products:document_download", args=[document.pk]) + "?inline=1")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('inline; filename="anh.png"')
    assert "sandbox" in response["Content-Security-Policy"]


def test_guessing_another_units_document_url_gives_404(web, product_d1, product_d2, user_for, area_tree):
    admin = user_for(Role.ADMINISTRATOR)
    theirs = make_document(admin, product_d1)
    subject_doc = make_document(admin, product_d1, "business_registration", subject_level=True)
    mine = make_document(admin, product_d2)
    client = web(Role.LOCAL_OFFICER, area_tree["d2"])
    assert client.get(reverse("products:document_download", args=[mine.pk])).status_code == 200
    for document in (theirs, subject_doc):
        assert client.get(reverse("products:document_download", args=[document.pk])).status_code == 404
        assert client.get(reverse("products:document_delete", args=[document.pk])).status_code == 404
        assert client.post(reverse("products:document_delete", args=[document.pk])).status_code == 404
    assert client.get(reverse("products:document_download", args=[999999])).status_code == 404
    assert Document.objects.count() == 3


def test_files_are_not_served_from_a_public_url(client, web, product_d1, user_for, settings):
    document = make_document(user_for(Role.ADMINISTRATOR), product_d1)
    anonymous = client.get(reverse("products:document_download", args=[document.pk]))
    assert anonymous.status_code == 302  # to the login page
    web(Role.ADMINISTRATOR)
    for prefix in (settings.MEDIA_URL or "/media/", "/media/", "/var/media/"):
        assert client.get(prefix + document.file.name).status_code == 404


# Delete --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITOR_ROLES)
def test_delete_document_after_confirmation(
    web, role, product_d1, user_for, _media_root, django_capture_on_commit_callbacks
):
    document = make_document(user_for(Role.ADMINISTRATOR), product_d1)
    path = stored(document, _media_root)
    assert path.exists()
    client = web(role)
    url = reverse("products:document_delete", args=[document.pk])
    assert "Bạn có chắc muốn xoá hồ sơ" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Tải nhầm tệp"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not path.exists()
    entry = AuditEntry.objects.get(action="delete", content_type__model="document")
    assert entry.reason == "Tải nhầm tệp"
    assert entry.actor == client.user


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_read_only_roles_cannot_delete_documents(web, role, product_d1, user_for):
    document = make_document(user_for(Role.ADMINISTRATOR), product_d1)
    client = web(role)
    url = reverse("products:document_delete", args=[document.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_deleting_a_product_removes_its_documents_but_keeps_subject_documents(
    web, product_d1, user_for, _media_root, django_capture_on_commit_callbacks
):
    admin = user_for(Role.ADMINISTRATOR)
    own = make_document(admin, product_d1)
    shared = make_document(admin, product_d1, "business_registration", subject_level=True)
    own_path = stored(own, _media_root)
    with django_capture_on_commit_callbacks(execute=True):
        response = web(Role.LOCAL_OFFICER).post(reverse("products:delete", args=[product_d1.pk]))
    assert response.status_code == 302
    assert list(Document.objects.all()) == [shared]
    assert not own_path.exists()
    assert stored(shared, _media_root).exists()
