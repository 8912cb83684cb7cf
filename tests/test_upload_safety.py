"""Issue #12: images of too many pixels (decompression bombs) and PDFs with JavaScript or automatic actions are
refused at upload with a clear message, on the page and in the API, never with a server error."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import Role
from products.models import Document
from products.tests.factories import ProductFactory
from products.tests.helpers import PDF_BYTES, doc_type
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

PIXELS_REFUSED = "Ảnh quá lớn"
PDF_REFUSED = "Tệp PDF chứa mã lệnh hoặc thao tác tự động"


@pytest.fixture
def product(area_tree):
    return ProductFactory(subject=SubjectFactory(unit=area_tree["c1"]))


@pytest.fixture
def officer(make_user, area_tree):
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])


def upload(client, product, payload, name):
    data = {"document_type": doc_type("test_report").pk, "title": ""}
    data["file"] = SimpleUploadedFile(name, payload, content_type="application/octet-stream")
    return client.post(reverse("products:document_upload", args=[product.pk]), data)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width, height):
    """A tiny PNG file whose header claims width x height pixels (a decompression bomb's first bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0")) + _chunk(b"IEND", b"")


def real_png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_with(body):
    return b"%PDF-1.7\n1 0 obj\n" + body + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_with_object_stream(hidden):
    packed = zlib.compress(b"2 0 " + hidden)
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 3 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(real_png(8000, 6000), id="48-megapixel-png"),
        pytest.param(png_claiming(100_000, 100_000), id="png-header-claiming-10-gigapixels"),
        pytest.param(png_claiming(20_000, 5_000), id="png-header-100-megapixels"),
    ],
)
def test_image_with_too_many_pixels_is_refused(client, officer, product, payload):
    client.force_login(officer)
    response = upload(client, product, payload, "anh.png")
    assert response.status_code == 200
    text = response.content.decode()
    assert PIXELS_REFUSED in text and "40 megapixel" in text
    assert not Document.objects.exists()


def test_pixel_limit_follows_the_setting(client, officer, product, settings):
    client.force_login(officer)
    twelve_megapixels = real_png(4000, 3000)
    settings.OCOP_UPLOAD_MAX_MEGAPIXELS = 10
    response = upload(client, product, twelve_megapixels, "anh.png")
    assert "Ảnh quá lớn: 4000 × 3000 điểm ảnh (12 megapixel)" in response.content.decode()
    assert "10 megapixel" in response.content.decode()
    settings.OCOP_UPLOAD_MAX_MEGAPIXELS = 40
    assert upload(client, product, twelve_megapixels, "anh.png").status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(pdf_with(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), id="js"),
        pytest.param(pdf_with(b"<< /Type /Catalog /OpenAction 5 0 R >>"), id="open-action"),
        pytest.param(pdf_with(b"<< /Type /Annot /AA << /O 6 0 R >> >>"), id="additional-actions"),
        pytest.param(pdf_with(b"<< /S /Launch /F (cmd.exe) >>"), id="launch"),
        pytest.param(pdf_with(b"<< /Names << /EmbeddedFiles 7 0 R >> >>"), id="embedded-file"),
        pytest.param(pdf_with(b"<< /S /Java#53cript /J#53 (x) >>"), id="hex-escaped-names"),
        pytest.param(pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"), id="inside-object-stream"),
    ],
)
def test_pdf_with_javascript_or_automatic_actions_is_refused(client, officer, product, payload):
    client.force_login(officer)
    response = upload(client, product, payload, "ho-so.pdf")
    assert response.status_code == 200
    assert PDF_REFUSED in response.content.decode()
    assert not Document.objects.exists()


def test_pdfs_are_accepted_only_when_checked_and_plain(client, officer, product):
    client.force_login(officer)
    broken = pdf_with_object_stream(b"<< >>").replace(b"stream\nx", b"stream\n\x00")
    response = upload(client, product, broken, "ho-so.pdf")
    assert response.status_code == 200
    assert "Không kiểm tra được nội dung tệp PDF" in response.content.decode()
    assert not Document.objects.exists()
    # plain PDFs pass: an ordinary one, an object stream with ordinary dictionaries, and binary page content that
    # happens to contain "/JS" (stream bytes are not dictionaries)
    assert upload(client, product, PDF_BYTES, "a.pdf").status_code == 302
    assert upload(client, product, pdf_with_object_stream(b"<< /Type /Page >>"), "b.pdf").status_code == 302
    binary = pdf_with(b"<< /Length 12 >>\nstream\n\x00/JS /AA\x01\x02\nendstream")
    assert upload(client, product, binary, "c.pdf").status_code == 302
    assert Document.objects.count() == 3


def test_api_upload_refuses_them_with_the_message(officer, product):
    api = APIClient()
    api.force_authenticate(officer)
    for payload, name, message in [
        (png_claiming(100_000, 100_000), "anh.png", PIXELS_REFUSED),
        (pdf_with(b"<< /OpenAction << /S /JavaScript /JS (x) >> >>"), "a.pdf", PDF_REFUSED),
    ]:
        response = api.post(
            "/api/documents/",
            {
                "product": product.pk,
                "document_type": doc_type("test_report").pk,
                "file": SimpleUploadedFile(name, payload),
            },
            format="multipart",
        )
        assert response.status_code == 400, response.content
        assert message in str(response.json())
    assert not Document.objects.exists()
