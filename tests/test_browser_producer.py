"""Issue #18 browser journey on a phone (390×844): a cooperative registers, the commune verifies it, it applies
with a product photo and documents from the phone, the commune returns the dossier with a comment, the producer
fixes it and resubmits, the commune forwards it. No producer page scrolls sideways."""

import datetime
import io

import pytest
from PIL import Image

from accounts.models import Role
from evaluations.models import EvaluationLevel, Registration, RegistrationStatus, RuleSet
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from producers import services as producer_services
from producers.models import ProducerAccount
from products.tests.factories import ProductClassFactory, ProductFactory
from products.tests.helpers import PDF_BYTES
from subjects.tests.factories import SubjectFactory
from tests.browser import browser_login

PHONE = {"width": 390, "height": 844}
PASSWORD = "Lua-Vang@2026"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width}px wide"


def touch_sized(page, selector):
    for box in [el.bounding_box() for el in page.locator(selector).all() if el.is_visible()]:
        assert box["height"] >= 44, (selector, box)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_producer_applies_from_a_phone_gets_returned_resubmits_and_the_commune_forwards(
    chromium_browser, portal_page, live_server, area_tree, make_user
):
    rule_set = RuleSet.objects.get(code="qd148")
    product_class = ProductClassFactory()
    criteria_set_factory(rule_set=rule_set, number=product_class.set_number, product_class=product_class)
    round_ = RoundFactory(
        rule_set=rule_set,
        level=EvaluationLevel.PROVINCE,
        unit=area_tree["province"],
        opens_on=datetime.date(2024, 3, 1),
    )
    officer = make_user(Role.LOCAL_OFFICER, area_tree["d1"])
    subject = SubjectFactory(unit=area_tree["c1"], name="Hợp tác xã Sen Hồng", registration_number="1400123456")
    product = ProductFactory(subject=subject, product_class=product_class, name="Trà tim sen Hồng Ngự")
    complete_dossier(product, leave_out=("packaging_label_photos", "test_report"))

    page = portal_page
    page.set_viewport_size(PHONE)
    base = live_server.url

    # 1. The cooperative registers on its phone.
    page.goto(f"{base}/producers/register/?tinh={area_tree['province'].pk}")
    no_sideways_scroll(page)
    form = page.locator("form#registration")
    for field, value in {
        "organisation_name": "Hợp tác xã Sen Hồng",
        "registration_number": "1400123456",
        "tax_code": "1400123456",
        "representative_name": "Nguyễn Thị Lan",
        "address": "Ấp 3",
        "phone": "0912 345 678",
        "email": "htx.senhong@example.vn",
        "username": "htx.senhong",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }.items():
        form.locator(f"#id_{field}").fill(value)
    form.locator("#id_commune").select_option(str(area_tree["c1"].pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/producers/me/")

    # 2. The commune links the account to the subject already in the registry.
    account = ProducerAccount.objects.get(user__username="htx.senhong")
    producer_services.verify_link(actor=officer, account=account, subject=subject)

    # 3. The producer applies: the product, the open round, then the photo of the label and the test report.
    page.goto(f"{base}/producers/applications/")
    no_sideways_scroll(page)
    page.locator("#start-application").click()
    page.wait_for_url("**/producers/applications/new/**")
    page.locator("#id_product").select_option(str(product.pk))
    page.locator("#id_round_").select_option(str(round_.pk))
    no_sideways_scroll(page)
    touch_sized(page, ".producer-page button, .producer-page select, .producer-page .button")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/producers/applications/*/")
    registration = Registration.objects.get(product=product, round=round_)
    assert "Còn 2 giấy tờ" in page.locator("#dossier-missing").inner_text()
    assert page.locator("#id_file").get_attribute("capture") is not None
    assert page.locator("#id_file").get_attribute("accept") == "image/*,application/pdf"
    no_sideways_scroll(page)

    def upload(code_label, name, mime, data):
        page.locator("#id_document_type").select_option(label=code_label)
        page.locator("#id_file").set_input_files({"name": name, "mimeType": mime, "buffer": data})
        page.locator("#upload-form button[type=submit]").click()
        page.wait_for_url(f"**/producers/applications/{registration.pk}/")

    upload("Ảnh bao bì, nhãn sản phẩm", "nhan.png", "image/png", png_bytes())
    upload("Phiếu kiểm nghiệm (kết quả phân tích chỉ tiêu chất lượng và ATTP)", "kiem-nghiem.pdf", "application/pdf",
           PDF_BYTES)  # fmt: skip
    assert page.locator("#dossier-complete").is_visible()
    page.locator("#submit-form button").click()
    page.wait_for_url(f"**/producers/applications/{registration.pk}/")
    assert "Đã gửi" in page.locator("#status").inner_text()

    # 4. The commune officer (on another device) returns it with a comment.
    desk = chromium_browser.new_context(locale="vi-VN")
    office_page = desk.new_page()
    try:
        browser_login(office_page, base, officer.username)
        office_page.goto(f"{base}/evaluations/review/")
        office_page.get_by_role("link", name=product.name).click()
        office_page.get_by_role("link", name="Trả lại bổ sung").click()
        office_page.fill("#id_reason", "Ảnh nhãn bị mờ, chụp lại mặt sau của nhãn.")
        office_page.locator("main form button[type=submit]").click()
        office_page.wait_for_url(f"**/evaluations/registrations/{registration.pk}/")
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.RETURNED

        # 5. The producer reads the comment, uploads a new photo and resubmits.
        page.goto(f"{base}/producers/applications/{registration.pk}/")
        assert "Ảnh nhãn bị mờ" in page.locator("#returned-comments").inner_text()
        no_sideways_scroll(page)
        upload("Ảnh bao bì, nhãn sản phẩm", "nhan-moi.png", "image/png", png_bytes())
        page.locator("#submit-form button").click()
        page.wait_for_url(f"**/producers/applications/{registration.pk}/")
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.SUBMITTED
        page.goto(f"{base}/notices/")
        assert "bị trả lại" in page.locator(".notice-list").inner_text()
        no_sideways_scroll(page)

        # 6. The commune forwards it with its pre-assessment.
        office_page.goto(f"{base}/evaluations/registrations/{registration.pk}/")
        office_page.get_by_role("link", name="Thẩm định, chuyển lên").click()
        office_page.fill("#id_report_text", "Nguyên liệu sen tại xã, 15 lao động địa phương; đề nghị đánh giá.")
        office_page.locator("main form button[type=submit]").click()
        office_page.wait_for_url(f"**/evaluations/registrations/{registration.pk}/")
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.FORWARDED
    finally:
        desk.close()

    page.goto(f"{base}/producers/applications/{registration.pk}/")
    history = page.locator("#history").inner_text()
    assert "Ảnh nhãn bị mờ" in history and "15 lao động địa phương" in history
    no_sideways_scroll(page)
    assert all(url.startswith(base) for url in page.requested_urls)
