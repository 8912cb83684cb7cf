"""A Word (DOCX) copy of every kind of decision, in the official layout of ocop_portal.docx."""

import io

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from decisions import services

from .factories import d, recognise

docx = pytest.importorskip("docx")


def _text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.django_db
def test_docx_of_recognition_revocation_and_correction(client, office, province_authority, products):
    decision = recognise(
        office, province_authority, d("2024-03-01"), (products["a"], 4, 78.5), recipients="Như Điều 3\nLưu: VT"
    )
    revocation = services.revocation_decision_issue(
        actor=office,
        authority=province_authority,
        items=[{"recognition": decision.recognitions.get(), "ground": "production_stopped"}],
        date=d("2024-05-01"),
    )
    correction = services.correction_draft_create(actor=office, decision=decision)
    client.login(username=office.username, password=PASSWORD)

    response = client.get(reverse("decisions:docx", args=[decision.pk]))
    assert response.status_code == 200 and "officedocument" in response["Content-Type"]
    assert ".docx" in response["Content-Disposition"]
    text = _text(response.content)
    assert "Số: 1/QĐ-UBND-HC" in text and "Đồng Tháp, ngày 01 tháng 3 năm 2024" in text
    assert "Điều 1. Công nhận 1 sản phẩm" in text and products["a"].name in text and "78,50" in text
    assert "Điều 3. Quyết định này có hiệu lực" in text and "- Như Điều 3;" in text and "Phạm Văn Minh" in text

    text = _text(client.get(reverse("decisions:docx", args=[revocation.pk])).content)
    assert "Điều 1. Thu hồi Giấy chứng nhận" in text and "Ngừng sản xuất" in text and "Số 1/QĐ-UBND-HC" in text

    text = _text(client.get(reverse("decisions:docx", args=[correction.pk])).content)
    assert "Điều 1. Đính chính Quyết định số 1/QĐ-UBND-HC" in text and "4 sao, 78,50 điểm" in text
