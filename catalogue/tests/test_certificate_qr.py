"""The certificate PDF of an issued recognition prints the QR code and the short address of its public verification
page (issue #17 item 2); the code is made when the decision is issued."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from accounts.models import Role
from catalogue.models import PublicCode
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
