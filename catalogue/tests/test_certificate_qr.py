"""The certificate PDF of an issued recognition prints the QR code and the short address of its public verification
page (issue #17 item 2), and so does the certificate DOCX; the code is made when the decision is issued."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from accounts.models import Role
from catalogue.models import PublicCode
from catalogue.selectors import code_url
from catalogue.tests.test_qr import _expected, _matrix_of_png
from decisions.tests.factories import AuthorityFactory, product_in, recognise

pytestmark = pytest.mark.django_db


def test_certificates_print_the_verification_address_and_its_qr(client, make_user, area_tree, tmp_path):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    decision = recognise(office, authority, datetime.date.today(), (product_in(area_tree["c1"], name="Trà sen"), 4))
    code = PublicCode.objects.get(recognition=decision.recognitions.get())  # made when the decision was issued
    client.force_login(office)
    response = client.get(reverse("decisions:certificates", args=[decision.pk]))
    assert response.status_code == 200
    pdf = tmp_path / "certificates.pdf"
    pdf.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"/v/{code.code}/" in "".join(text.split())  # the address (it may wrap in its box)
    assert b"<svg" not in pdf.read_bytes()  # drawn as vector paths by WeasyPrint, not left as markup
    assert client.get(f"/v/{code.code}/").status_code == 200


def test_certificate_docx_carries_the_same_qr_and_address(client, make_user, area_tree):
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    decision = recognise(office, authority, datetime.date.today(), (product_in(area_tree["c1"], name="Trà sen"), 4))
    code = PublicCode.objects.get(recognition=decision.recognitions.get()).code
    url = f"http://testserver{code_url(code)}"
    client.force_login(office)
    response = client.get(reverse("decisions:certificates_docx", args=[decision.pk]))
    assert response.status_code == 200
    assert ".docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        p.text for table in doc.tables for cell in table._cells for p in cell.paragraphs
    )
    assert f"Tra cứu: {url}" in text and "Trà sen" in text and "HẠNG 4 SAO" in text
    images = [part.blob for part in doc.part.related_parts.values() if part.content_type == "image/png"]
    assert len(images) == 1
    assert _matrix_of_png(images[0]) == _expected(url)  # the QR decodes to the verification address
    assert _matrix_of_png(images[0]) != _expected(url.replace("/v/", "/w/"))
    # Same scoping as the PDF: another province's office gets a 404.
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["other_province"]))
    assert client.get(reverse("decisions:certificates_docx", args=[decision.pk])).status_code == 404
    assert client.get(reverse("decisions:certificates", args=[decision.pk])).status_code == 404
