"""The office's journey in Chromium: request the annual report, watch the progress bar reach 100 %, download the
PDF. The job is run by the test (as a worker would) while the page polls its progress every second."""

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from accounts.tests.factories import PASSWORD
from reports import services
from reports.models import Report

from .helpers import pdf_text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_requests_the_annual_report_watches_progress_and_downloads_the_pdf(
    dataset, live_server, portal_page, monkeypatch, tmp_path
):
    monkeypatch.setattr(services, "enqueue", lambda report_id: None)  # the "worker" is the thread in journey()
    page = portal_page
    page.set_default_timeout(60000)
    try:
        journey(page, live_server, dataset, tmp_path)
    finally:
        # Playwright's sync API runs the test body in another greenlet, where Django opens its own connection:
        # close it, or the test database cannot be dropped at the end of the session.
        connection.close()


def journey(page, live_server, dataset, tmp_path):
    office, province = dataset["office"], dataset["tree"]["province"]

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", office.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator("nav.mainnav").get_by_role("link", name="Báo cáo", exact=True).click()
    page.wait_for_url(f"{live_server.url}/reports/")
    page.get_by_role("link", name="+ Lập báo cáo").click()
    page.select_option("#id_kind", "annual")
    page.fill("#id_year", "2022")
    page.select_option("#id_area", str(province.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#report-progress[data-status=queued]")
    report = Report.objects.get()
    assert page.url == f"{live_server.url}/reports/{report.pk}/"
    assert page.locator("#report-progress").get_attribute("hx-trigger") == "every 1s"

    def work():
        try:
            time.sleep(1.5)  # let the page poll a queued job first
            services.report_generate(report_id=report.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        box = page.locator("#report-progress")
        try:
            value = int(box.get_attribute("data-progress", timeout=5000))
            status = box.get_attribute("data-status", timeout=5000)
        except Exception:  # the page is reloading once the job is done
            continue
        if not seen or seen[-1] != value:
            seen.append(value)
        if status == "done" and page.locator("text=Xem trước").count():
            break
        page.wait_for_timeout(200)
    worker.join(timeout=120)
    assert seen[0] == 0 and seen[-1] == 100, seen  # the bar moved from 0 to 100 % without a manual reload
    assert page.locator(".progress-value").inner_text() == "100 %"
    assert page.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert page.locator(".report-preview svg").count() == 2  # charts, drawn server-side

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename == "Báo cáo năm 2022 - Tỉnh Đồng Tháp.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data, tmp_path).split())  # the subject line may wrap, depending on the font
    assert "Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) năm 2022" in text
    assert all(url.startswith(live_server.url) for url in page.requested_urls)  # no external assets
