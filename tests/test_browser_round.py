"""Browser journey of an evaluation round, end to end in Chromium.

A council member scores a product on the score sheet (live total, htmx saving) and submits; the secretary closes
scoring and records the result; the coordination office approves it, drafts a recognition decision from the approved
registration, issues it on the confirmation page and downloads the decision PDF, whose text (pdftotext) names the
product and its stars. Between steps one user logs out and the next logs in through the real login form.
"""

import datetime
import re
import shutil
import subprocess

import pytest

from accounts.models import Role
from decisions.models import Recognition
from decisions.tests.factories import AuthorityFactory, product_in
from evaluations import services
from evaluations.models import (
    EvaluationLevel,
    Option,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    RoundStatus,
    RuleSet,
    ScoreSheet,
    SheetStatus,
)
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from products.tests.factories import ProductClassFactory
from tests.browser import browser_login

PRODUCT_NAME = "Hạt sen sấy Tháp Mười"
# The member in the browser gives A 30 + B 20 + C 28 = 78; the two others (through the services) 76 and 80.
# Mean 78 → 4★ (70–<90), spread 4 (≤ 10), B ≥ 15 (mandatory for 4★) and C ≥ 10 (mandatory for 3★) everywhere:
# a province round under QĐ 148 recognises 4★, so the proposal is "recognise here".
BROWSER_POINTS = {"A": 30, "B": 20, "C": 28}
OTHER_POINTS = [{"A": 29, "B": 19, "C": 28}, {"A": 32, "B": 21, "C": 27}]


def _login(page, base, username):
    browser_login(page, base, username)


def _logout(page, base):
    page.locator(".userbox form[action='/logout/'] button").click()
    page.wait_for_url(f"{base}/login/")


def _status_badge(page):
    return page.locator("h1 .badge").inner_text().strip()


def _arrange(area_tree, make_user):
    """A province round under QĐ 148, its council, one accepted registration, scoring started (services only)."""
    province = area_tree["province"]
    rule_set = RuleSet.objects.get(code="qd148")
    product_class = ProductClassFactory()
    criteria_set = criteria_set_factory(
        rule_set=rule_set,
        number=product_class.set_number,
        product_class=product_class,
        mandatory={"B": (4, 15), "C": (3, 10)},
    )
    round_ = RoundFactory(
        rule_set=rule_set, level=EvaluationLevel.PROVINCE, unit=province, opens_on=datetime.date(2024, 3, 1)
    )
    office = make_user(Role.COORDINATION_OFFICE, province, username="vpdp")
    secretary = make_user(Role.COUNCIL_SECRETARY, province, username="thuky")
    chair = make_user(Role.COUNCIL_MEMBER, province, username="chutich")
    member = make_user(Role.COUNCIL_MEMBER, province, username="thanhvien", full_name="Nguyễn Thị Thành Viên")
    member_b = make_user(Role.COUNCIL_MEMBER, province, username="thanhvien2")
    services.council_set(actor=office, round_=round_, chair=chair, secretary=secretary, members=[member, member_b])
    product = product_in(area_tree["c1"], name=PRODUCT_NAME, product_class=product_class)
    complete_dossier(product)  # the rule set refuses an incomplete dossier
    registration = services.registration_create(actor=office, round_=round_, product=product, kind=RegistrationKind.NEW)
    services.registration_transition(registration=registration, to_status=RegistrationStatus.SUBMITTED, actor=office)
    services.registration_transition(registration=registration, to_status=RegistrationStatus.ACCEPTED, actor=office)
    services.round_start_scoring(actor=secretary, round_=round_)
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=province)
    return round_, registration, criteria_set.test_criteria, [chair, member_b], authority


def _score_through_services(registration, criteria, member, points):
    sheet = services.sheet_open(actor=member, registration=registration)
    options = [Option.objects.get(criterion=criteria[part], points=value) for part, value in points.items()]
    services.sheet_set_lines(actor=member, sheet=sheet, options=options)
    services.sheet_submit(actor=member, sheet=sheet)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_scores_secretary_closes_office_approves_and_issues_the_decision_pdf(
    portal_page, live_server, make_user, area_tree, tmp_path
):
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (apt poppler-utils)")
    from playwright.sync_api import expect

    page, base = portal_page, live_server.url
    round_, registration, criteria, others, authority = _arrange(area_tree, make_user)
    for member, points in zip(others, OTHER_POINTS, strict=True):
        _score_through_services(registration, criteria, member, points)

    # (1) A council member finds the product on the round page and scores it on the sheet.
    _login(page, base, "thanhvien")
    page.locator("nav.mainnav a", has_text="Đánh giá, phân hạng").click()
    page.wait_for_url(f"{base}/evaluations/")
    page.locator(f"a[href='/evaluations/rounds/{round_.pk}/']").first.click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/")
    row = page.locator("table.table tbody tr", has_text=PRODUCT_NAME)
    row.locator("a", has_text="Chấm điểm").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/sheet/")
    assert PRODUCT_NAME in page.locator("h1").inner_text()
    assert page.locator("#live-answered").inner_text() == "0"
    assert "bắt buộc 4★" in page.locator("#score-sheet").inner_text()

    running = 0
    for part, points in BROWSER_POINTS.items():
        option = Option.objects.get(criterion=criteria[part], points=points)
        # The first choice creates the sheet (POST to the sheet page), later ones save into it; no GET writes.
        with page.expect_response(
            lambda r: r.url.endswith(("/choose/", "/sheet/")) and r.request.method == "POST"
        ) as saved:
            page.locator(f"input[name='criterion-{criteria[part].pk}'][value='{option.pk}']").check()
        assert saved.value.status == 200
        running += points
        # The panel shows the new total (recomputed in the page, then the server's saved totals swapped in).
        expect(page.locator("#live-total")).to_have_text(re.compile(rf"^\s*{running}(,00)?\s*$"))
        expect(page.locator(f"#live-part-{part}")).to_have_text(re.compile(rf"^\s*{points}(,00)?\s*$"))
    assert running == 78
    assert page.locator("#live-answered").inner_text() == "3"
    assert ScoreSheet.objects.get(registration=registration, member__username="thanhvien").lines.count() == 3

    page.locator("#score-sheet button[name=submit]").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/")
    assert "Đã nộp phiếu chấm." in page.locator("main").inner_text()
    sheet = ScoreSheet.objects.get(registration=registration, member__username="thanhvien")
    assert sheet.status == SheetStatus.SUBMITTED
    _logout(page, base)

    # (2) The secretary closes scoring (confirmation page), then records the result ("scored").
    _login(page, base, "thuky")
    page.goto(f"{base}/evaluations/rounds/{round_.pk}/")
    assert "3/3" in page.locator("table.table", has_text=PRODUCT_NAME).inner_text()
    page.locator("a", has_text="Khóa chấm điểm").click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/close/")
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/")
    assert "Đã khóa chấm điểm." in page.locator("main").inner_text()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED

    page.locator("a", has_text="Kết quả chấm điểm").click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/results/")
    result_row = page.locator("table.table tbody tr", has_text=PRODUCT_NAME)
    assert "78,00" in result_row.inner_text()
    result_row.locator("a", has_text="Chốt kết quả chấm").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/move/scored/?next=results")
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/results/")
    assert "Đã chấm điểm" in page.locator("table.table tbody tr", has_text=PRODUCT_NAME).inner_text()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SCORED
    assert (registration.score, registration.stars, registration.proposed_action) == (78, 4, "recognise")
    _logout(page, base)

    # (3) The coordination office approves the result on the registration page.
    _login(page, base, "vpdp")
    page.goto(f"{base}/evaluations/registrations/{registration.pk}/")
    assert "78,00" in page.locator("main").inner_text()
    page.locator(".workflow-actions a", has_text="Duyệt kết quả").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/move/approved/")
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/")
    assert _status_badge(page) == "VPĐP đã duyệt kết quả"

    # (4) ... drafts a recognition decision from the approved registration, issues it, downloads the PDF.
    page.locator("nav.mainnav a", has_text="Quyết định").click()
    page.wait_for_url(f"{base}/decisions/")
    page.locator("a", has_text="Dự thảo quyết định công nhận").click()
    page.select_option("#id_authority", str(authority.pk))
    page.fill("#id_subject_line", "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp")
    page.locator("main form button[type=submit]", has_text="Tạo dự thảo").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/$"))

    approved = page.locator("form", has_text="Thêm từ hồ sơ đã được phê duyệt")
    assert PRODUCT_NAME in approved.inner_text()
    assert approved.locator(f"#reg-{registration.pk}").is_checked()
    approved.locator("button[type=submit]", has_text="Thêm các hồ sơ đã chọn").click()
    page.wait_for_load_state()
    items = page.locator("table.table").first
    assert PRODUCT_NAME in items.inner_text() and "78,00" in items.inner_text()

    page.locator("a", has_text="Ban hành…").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/issue/$"))
    assert f"{PRODUCT_NAME} — 4 sao" in page.locator("main form").inner_text()
    page.check("#id_confirm")
    page.locator("main form button[type=submit]", has_text="Ban hành và cấp số").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/$"))
    heading = page.locator("h1").inner_text()
    assert "Đã ban hành" in heading and "1/QĐ-UBND-HC" in heading

    recognition = Recognition.objects.get(product__name=PRODUCT_NAME)
    assert (recognition.stars, recognition.registration_id) == (4, registration.pk)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.DECIDED

    with page.expect_download() as download_info:
        page.locator("a", has_text="Tải quyết định (PDF)").click()
    target = tmp_path / "decision.pdf"
    download_info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "".join(PRODUCT_NAME.split()) in "".join(text.split())
    assert "4 sao" in flat
    _logout(page, base)
