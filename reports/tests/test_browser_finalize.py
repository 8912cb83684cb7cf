"""The office's journey in Chromium once the figures are ready: write the difficulties, causes and directions on
the report's page, be refused "final" while a section is empty, mark it final, download the DOCX and the PDF."""

import io
from pathlib import Path

import pytest
from django.db import connection
from docx import Document

from accounts.tests.factories import PASSWORD
from reports import services, writing

from .helpers import pdf_text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_writes_the_assessment_marks_final_and_downloads_docx_and_pdf(
    dataset, live_server, portal_page, monkeypatch, tmp_path
):
    monkeypatch.setattr(services, "enqueue", lambda report_id: None)
    report, _created = services.report_request(
        actor=dataset["office"], kind="annual", period="2022", area=dataset["tree"]["province"]
    )
    services.report_generate(report_id=report.pk)  # as the worker would
    page = portal_page
    page.set_default_timeout(60000)
    try:
        journey(page, live_server, dataset, report, tmp_path)
    finally:
        connection.close()


def write(page, key, text):
    section = page.locator(f"section#{key}")
    section.locator("textarea").fill(text)
    section.get_by_role("button", name="Lưu phần này").click()
    page.wait_for_load_state()


def journey(page, live_server, dataset, report, tmp_path):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", dataset["office"].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert page.locator(".report-preview").inner_text().count("Phần này chưa viết") == 3

    write(page, "difficulties", "Một số chủ thể chưa đầu tư bao bì, nhãn mác.")
    assert "Đã lưu phần «Khó khăn, hạn chế»" in page.locator("body").inner_text()
    page.get_by_role("button", name="Hoàn thiện báo cáo").click()
    page.wait_for_load_state()
    assert "Chưa thể hoàn thiện báo cáo: còn trống phần Nguyên nhân" in page.locator("body").inner_text()

    write(page, "causes", "Nguồn vốn hỗ trợ phân bổ chậm.")
    write(page, "directions", "- Tiếp tục chuẩn hóa sản phẩm tiềm năng 4, 5 sao.")
    preview = page.locator(".report-preview").inner_text()
    assert "Nguồn vốn hỗ trợ phân bổ chậm." in preview and "Phần này chưa viết" not in preview
    page.get_by_role("button", name="Hoàn thiện báo cáo").click()
    page.wait_for_load_state()
    assert "Đã hoàn thiện" in page.locator("dl.props").inner_text()
    assert page.locator("section#causes textarea").count() == 0  # no more edits

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "Báo cáo năm 2022 - Tỉnh Đồng Tháp.docx"
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nguồn vốn hỗ trợ phân bổ chậm." in text and "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023" in text

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    pdf = pdf_text(Path(download_info.value.path()).read_bytes(), tmp_path)
    assert "Một số chủ thể chưa đầu tư bao bì, nhãn mác." in pdf
    assert not any(placeholder in pdf or placeholder in text for placeholder in writing.PLACEHOLDERS)
    assert all(url.startswith(live_server.url) for url in page.requested_urls)  # no external assets
