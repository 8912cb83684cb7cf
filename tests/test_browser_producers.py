"""Browser journey of a producer on a phone (issue #18, 390×844): it registers on the public page (province, then
commune), waits for the commune's verification, then — verified — opens its subject, its products and a product,
and uploads a photo from the phone; every page fits the screen (no horizontal scroll) with touch-size controls."""

import io

import pytest

from accounts.models import Role
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from producers import services
from producers.models import ProducerAccount, ProducerAccountStatus
from products.models import Document
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory

PHONE = {"width": 390, "height": 844}


def _png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def _fits(page):
    """The page is no wider than the screen (no horizontal scroll)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width}px wide"


def _touch_size(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["height"] >= 40, f"{selector}: {box}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_producer_registers_on_a_phone_is_verified_and_uploads_a_photo(chromium_browser, live_server, make_user):
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    province = UnitFactory(code="82", name="Đồng Tháp", level=UnitLevel.PROVINCE, parent=country, unit_type="tỉnh")
    commune = UnitFactory(code="29926", name="Tân Hồng", level=UnitLevel.COMMUNE, parent=province, unit_type="xã")
    officer = make_user(role=Role.LOCAL_OFFICER, unit=commune, full_name="Trần Văn Hùng")
    subject = SubjectFactory(unit=commune, name="Hợp tác xã Sen Hồng", registration_number="1400123456")
    product = ProductFactory(subject=subject, unit=commune, name="Trà sen Tân Hồng")

    context = chromium_browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    base = live_server.url
    try:
        # 1. register: the province first (the commune list follows), then the form
        page.goto(f"{base}/producers/register/")
        _fits(page)
        page.select_option("#id_tinh", str(province.pk))
        page.wait_for_selector("#id_commune option[value]:not([value=''])", state="attached")
        _fits(page)
        page.fill("#id_organisation_name", "Hợp tác xã Sen Hồng")
        page.fill("#id_registration_number", "1400123456")
        page.fill("#id_representative_name", "Nguyễn Thị Lan")
        page.select_option("#id_commune", str(commune.pk))
        page.fill("#id_phone", "0912 345 678")
        page.fill("#id_username", "htx.senhong")
        page.fill("#id_password1", "Lua-Vang@2026")
        page.fill("#id_password2", "Lua-Vang@2027")  # a typo first: the message is shown next to the field
        _touch_size(page, "#id_username")
        page.locator("#registration button[type=submit]").click()
        page.wait_for_selector("text=Hai lần nhập mật khẩu không giống nhau")
        _fits(page)
        page.fill("#id_password1", "Lua-Vang@2026")
        page.fill("#id_password2", "Lua-Vang@2026")
        page.locator("#registration button[type=submit]").click()
        page.wait_for_url(f"{base}/producers/me/")
        assert "Chờ xác minh" in page.content()
        _fits(page)

        # 2. the commune officer links the account to the subject already in the registry
        account = ProducerAccount.objects.get(user__username="htx.senhong")
        services.verify_link(actor=officer, account=account, subject=subject)
        assert ProducerAccount.objects.get(pk=account.pk).status == ProducerAccountStatus.VERIFIED

        # 3. verified: its subject, its products, a product, a photo from the phone
        page.goto(f"{base}/producers/me/")
        page.get_by_role("link", name="Sản phẩm của tôi").first.click()
        page.wait_for_url(f"{base}/producers/me/products/")
        _fits(page)
        page.get_by_role("link", name="Trà sen Tân Hồng").click()
        page.wait_for_url(f"{base}/producers/me/products/{product.pk}/")
        _fits(page)
        page.get_by_role("link", name="Tải hồ sơ / ảnh lên").click()
        _fits(page)
        _touch_size(page, "main button[type=submit]")
        photo = page.locator("#id_document_type option", has_text="Ảnh").first
        if photo.count():
            page.select_option("#id_document_type", photo.get_attribute("value"))
        page.set_input_files("#id_file", {"name": "anh-san-pham.png", "mimeType": "image/png", "buffer": _png_bytes()})
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base}/producers/me/products/{product.pk}/")
        assert Document.objects.filter(product=product, uploaded_by=account.user).count() == 1
        page.goto(f"{base}/producers/me/subject/")
        _fits(page)
        assert "htx.senhong" in page.content()
    finally:
        context.close()
