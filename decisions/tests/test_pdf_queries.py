"""Decision and certificate PDFs, download names, and query counts of the lists."""

import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from decisions import services
from ocop_portal.formatting import format_document_date

from .factories import d, product_in, recognise

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pdf_text(content, tmp_path):
    if not shutil.which("pdftotext"):
        if IN_CI:
            pytest.fail("CI=true and pdftotext (poppler-utils) is missing")
        pytest.skip("needs pdftotext (apt poppler-utils)")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def squash(text):
    """The PDF's text without whitespace: table cells wrap words onto several lines."""
    return "".join(text.split())


def test_document_date_uses_leading_zeros_for_days_and_january_february():
    assert format_document_date(d("2023-02-05"), "Đồng Tháp") == "Đồng Tháp, ngày 05 tháng 02 năm 2023"
    assert format_document_date(d("2023-06-15"), "Đồng Tháp") == "Đồng Tháp, ngày 15 tháng 6 năm 2023"
    assert format_document_date(d("2022-12-29"), "Đồng Tháp") == "Đồng Tháp, ngày 29 tháng 12 năm 2022"
    assert format_document_date(d("2024-01-09"), "Đồng Tháp") == "Đồng Tháp, ngày 09 tháng 01 năm 2024"


@pytest.mark.django_db
def test_decision_pdf_downloads_and_names_products_and_stars(client, office, province_authority, products, tmp_path):
    decision = recognise(office, province_authority, d("2023-02-05"), (products["a"], 4, 78.5), (products["b"], 3, 61))
    client.login(username=office.username, password=PASSWORD)
    response = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%201-Q%C4%90-UBND-HC.pdf" in response["Content-Disposition"]
    )
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 1/QĐ-UBND-HC" in text
    assert "Đồng Tháp, ngày 05 tháng 02 năm 2023" in text
    assert "QUYẾT ĐỊNH" in text
    assert squash("Hạt sen sấy Tháp Mười") in squash(text) and "4 sao" in text and "78,50" in text
    assert squash("Xoài sấy dẻo Cao Lãnh") in squash(text) and "3 sao" in text
    assert "36 tháng" in text and "04/02/2026" in text
    assert "Nơi nhận:" in text and "Phạm Văn Minh" in text

    certificates = client.get(reverse("decisions:certificates", args=[decision.pk]))
    assert certificates.status_code == 200
    cert_text = " ".join(pdf_text(certificates.content, tmp_path).split())
    assert "GIẤY CHỨNG NHẬN" in cert_text and "HẠNG 4 SAO" in cert_text
    assert squash("Hạt sen sấy Tháp Mười") in squash(cert_text)


@pytest.mark.django_db
def test_revocation_and_draft_pdfs(client, office, province_authority, products, tmp_path):
    recognised = recognise(office, province_authority, d("2019-10-18"), (products["a"], 3))
    draft = services.decision_draft_create(actor=office, kind="revocation", authority=province_authority)
    services.revocation_item_add(
        actor=office, decision=draft, recognition=recognised.recognitions.get(), ground="not_reevaluated_36_months"
    )
    client.login(username=office.username, password=PASSWORD)
    text = " ".join(pdf_text(client.get(reverse("decisions:pdf", args=[draft.pk])).content, tmp_path).split())
    assert "DỰ THẢO" in text and "Thu hồi Giấy chứng nhận" in text
    assert "Không đánh giá" in text and squash("Hạt sen sấy Tháp Mười") in squash(text) and "3 sao" in text


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _fill(office, authority, area_tree, n, year):
    for i in range(n):
        recognise(office, authority, d(f"{year}-01-{(i % 27) + 1:02d}"), (product_in(area_tree["c1"]), 3 + i % 3))


@pytest.mark.django_db
def test_decision_list_and_api_query_counts_do_not_grow(client, office, province_authority, area_tree):
    client.login(username=office.username, password=PASSWORD)
    api = APIClient()
    api.force_authenticate(office)
    page = lambda: client.get(reverse("decisions:index")).status_code  # noqa: E731
    register = lambda: client.get(reverse("decisions:recognitions")).status_code  # noqa: E731
    decisions_api = lambda: api.get("/api/decisions/").status_code  # noqa: E731
    recognitions_api = lambda: api.get("/api/recognitions/").status_code  # noqa: E731
    recognitions_valid = lambda: api.get("/api/recognitions/", {"valid_on": "2023-06-01"}).status_code  # noqa: E731
    probes = [page, register, decisions_api, recognitions_api, recognitions_valid]

    _fill(office, province_authority, area_tree, 1, 2021)
    page(), register()  # warm up sessions and caches
    one = [_count(fn) for fn in probes]
    _fill(office, province_authority, area_tree, 29, 2022)
    thirty = [_count(fn) for fn in probes]
    assert one == thirty
    assert api.get("/api/recognitions/").json()["count"] == 30


@pytest.mark.django_db
def test_expiring_page_query_count_does_not_grow(client, office, province_authority, area_tree):
    client.login(username=office.username, password=PASSWORD)
    _fill(office, province_authority, area_tree, 1, 2021)
    client.get(reverse("decisions:expiring"))
    one = _count(lambda: client.get(reverse("decisions:expiring")))
    _fill(office, province_authority, area_tree, 29, 2020)
    assert _count(lambda: client.get(reverse("decisions:expiring"))) == one
