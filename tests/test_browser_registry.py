"""Browser journey of the registry (issue 3): an officer creates a subject and a product, uploads a dossier
document, finds the product by searching without diacritics and opens its detail page."""

import io
import os

import pytest
from django.core.management import call_command

from devdata.demo.accounts import DEMO_PASSWORD
from products.models import Document, Product
from subjects.models import Subject


def _png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_registers_subject_and_product_uploads_document_and_finds_it(portal_page, live_server, tmp_path):
    page = portal_page
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base = live_server.url

    page.goto(f"{base}/login/")
    page.fill("#id_username", "canbo.xatanhong")  # canbo.laivung: an abolished district, read-only
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # 1. A new subject
    page.goto(f"{base}/subjects/")
    page.get_by_role("link", name="+ Thêm chủ thể").click()
    page.fill("#id_name", "Hợp tác xã Bánh phồng Tân Thành")
    page.select_option("#id_legal_form", "cooperative")
    page.fill("#id_registration_number", "1402999001")
    page.fill("#id_address", "Ấp Tân Lộc")
    page.select_option("#id_unit", label=page.locator("#id_unit option").nth(1).inner_text())
    page.fill("#id_representative_name", "Lê Thị Hồng")
    page.check("input[name=representative_gender][value=female]")
    page.fill("#id_workforce_total", "12")
    page.fill("#id_workforce_local", "10")
    page.fill("#id_workforce_qualified", "3")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("h1:has-text('Hợp tác xã Bánh phồng Tân Thành')")
    subject = Subject.objects.get(registration_number="1402999001")

    # 2. A product of that subject
    page.goto(f"{base}/products/new/?subject={subject.pk}")
    page.fill("#id_name", "Bánh phồng tôm Tân Thành")
    class_label = next(text for text in page.locator("#id_product_class option").all_inner_texts() if " I.3.b " in text)
    page.select_option("#id_product_class", label=class_label)
    page.select_option("#id_unit", label=page.locator("#id_unit option").nth(1).inner_text())
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("h1:has-text('Bánh phồng tôm Tân Thành')")
    product = Product.objects.get(name="Bánh phồng tôm Tân Thành")
    assert product.subject_id == subject.pk

    # 3. A dossier document (a PNG label photo)
    label = tmp_path / "nhãn bánh phồng.png"
    label.write_bytes(_png_bytes())
    page.goto(f"{base}/products/{product.pk}/documents/upload/")
    page.fill("#id_title", "Ảnh nhãn sản phẩm")
    page.set_input_files("#id_file", str(label))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("h1:has-text('Bánh phồng tôm Tân Thành')")
    assert Document.objects.filter(subject=subject, title="Ảnh nhãn sản phẩm").exists()
    assert "Ảnh nhãn sản phẩm" in page.content()

    # 4. Search without diacritics, then open the detail page from the result
    page.goto(f"{base}/products/")
    page.fill("input[name=q]", "banh phong tan thanh")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_load_state()
    result = page.get_by_role("link", name="Bánh phồng tôm Tân Thành")
    assert result.count() == 1
    result.click()
    page.wait_for_url(f"{base}/products/{product.pk}/")
    assert "Ảnh nhãn sản phẩm" in page.content()
    assert "Tình trạng OCOP" in page.content()
