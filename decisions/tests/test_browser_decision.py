"""Browser journey, decision part: the coordination office drafts a recognition decision, reviews it, issues it
on the confirmation page, downloads the decision PDF and its text names the product and its stars."""

import shutil
import subprocess

import pytest

from accounts.models import Role
from accounts.tests.factories import PASSWORD

from .factories import AuthorityFactory, product_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_issues_a_decision_and_downloads_its_pdf(portal_page, live_server, make_user, area_tree, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (apt poppler-utils)")
    page, base = portal_page, live_server.url
    make_user(username="vpdp", role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=area_tree["province"])
    product = product_in(area_tree["c1"], name="Hạt sen sấy Tháp Mười")

    page.goto(f"{base}/login/")
    page.fill("#id_username", "vpdp")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    page.locator("nav.mainnav a", has_text="Quyết định").click()
    page.wait_for_url(f"{base}/decisions/")
    page.locator("a", has_text="Dự thảo quyết định công nhận").click()
    page.select_option("#id_authority", str(authority.pk))
    page.fill("#id_subject_line", "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp năm 2026")
    page.locator("main form button[type=submit]", has_text="Tạo dự thảo").click()
    page.wait_for_url(f"{base}/decisions/*/")

    page.select_option("#id_product", str(product.pk))
    page.select_option("#id_stars", "4")
    page.fill("#id_score", "78,5")
    page.locator("main form button[type=submit]", has_text="Thêm").click()
    page.wait_for_load_state()
    assert "Hạt sen sấy Tháp Mười" in page.locator("table.table").first.inner_text()

    page.locator("a", has_text="Ban hành…").click()
    page.wait_for_url(f"{base}/decisions/*/issue/")
    page.check("#id_confirm")
    page.locator("main form button[type=submit]", has_text="Ban hành và cấp số").click()
    page.wait_for_url(f"{base}/decisions/*/")
    assert "Đã ban hành" in page.locator("h1").inner_text()
    assert "1/QĐ-UBND-HC" in page.locator("h1").inner_text()

    with page.expect_download() as download_info:
        page.locator("a", has_text="Tải quyết định (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "Quyết định 1-QĐ-UBND-HC.pdf"
    target = tmp_path / "decision.pdf"
    download.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "HạtsensấyThápMười" in "".join(text.split())
    assert "4 sao" in flat
