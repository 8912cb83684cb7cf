"""Browser journey of the quorum and the records office's number (issue #15): a council of three scoring members
under a 2/3 quorum with the chair; one member never scores. The secretary sees who has not submitted, cannot close
scoring while only the chair has submitted (the refusal names the missing members), then closes once a second sheet
is in; the absent member is shown as absent and the result is the mean of the two sheets. The secretary records the
result; the coordination office approves it, drafts the recognition decision from the approved registration and
issues it with the number the văn thư typed («15/QĐ-UBND»; a number with another authority's suffix is refused
first), and the decision page and its PDF carry that number."""

import datetime
import re
import shutil
import subprocess

import pytest

from accounts.models import Role
from decisions.models import Decision
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
)
from evaluations.selectors import registration_result
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from products.tests.factories import ProductClassFactory
from tests.browser import browser_login

PRODUCT_NAME = "Mắm cá linh Hồng Ngự"
ABSENT = "Trần Văn Vắng Mặt"
TYPED_NUMBER = "15/QĐ-UBND"


def _login(page, base, username):
    browser_login(page, base, username)


def _logout(page, base):
    page.locator(".userbox form[action='/logout/'] button").click()
    page.wait_for_url(f"{base}/login/")


def _score(registration, criteria, member, a, b, c):
    sheet = services.sheet_open(actor=member, registration=registration)
    options = [Option.objects.get(criterion=criteria[p], points=v) for p, v in (("A", a), ("B", b), ("C", c))]
    services.sheet_set_lines(actor=member, sheet=sheet, options=options)
    services.sheet_submit(actor=member, sheet=sheet)


def _close(page, base, round_):
    page.goto(f"{base}/evaluations/rounds/{round_.pk}/close/")
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_load_state()
    return page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretary_cannot_close_below_quorum_then_closes_and_the_office_issues_with_the_typed_number(
    portal_page, live_server, make_user, area_tree, tmp_path
):
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (apt poppler-utils)")
    page, base = portal_page, live_server.url
    province = area_tree["province"]
    rule_set = RuleSet.objects.get(code="qd148")
    product_class = ProductClassFactory()
    criteria = criteria_set_factory(
        rule_set=rule_set, number=product_class.set_number, product_class=product_class
    ).test_criteria
    round_ = RoundFactory(
        rule_set=rule_set, level=EvaluationLevel.PROVINCE, unit=province, opens_on=datetime.date(2024, 3, 1)
    )
    office = make_user(Role.COORDINATION_OFFICE, province, username="vpdp")
    secretary = make_user(Role.COUNCIL_SECRETARY, province, username="thuky")
    chair = make_user(Role.COUNCIL_MEMBER, province, username="chutich")
    member = make_user(Role.COUNCIL_MEMBER, province, username="thanhvien")
    absent = make_user(Role.COUNCIL_MEMBER, province, username="vangmat", full_name=ABSENT)
    services.council_set(
        actor=office, round_=round_, chair=chair, secretary=secretary, members=[member, absent],
        quorum_numerator=2, quorum_denominator=3, quorum_requires_chair=True,
        quorum_basis="Quy chế hoạt động của Hội đồng, Điều 5",
    )  # fmt: skip
    product = product_in(area_tree["c1"], name=PRODUCT_NAME, product_class=product_class)
    complete_dossier(product)
    registration = services.registration_create(actor=office, round_=round_, product=product, kind=RegistrationKind.NEW)
    services.registration_transition(registration=registration, to_status=RegistrationStatus.SUBMITTED, actor=office)
    services.registration_transition(registration=registration, to_status=RegistrationStatus.ACCEPTED, actor=office)
    services.round_start_scoring(actor=secretary, round_=round_)
    authority = AuthorityFactory(name="UBND tỉnh Đồng Tháp", unit=province, number_suffix="QĐ-UBND")
    _score(registration, criteria, chair, 30, 20, 20)  # 70

    _login(page, base, "thuky")
    page.goto(f"{base}/evaluations/rounds/{round_.pk}/")
    table = page.locator("table.table", has_text=PRODUCT_NAME).inner_text()
    assert "1/3" in table and "Chưa đủ túc số (cần 2 phiếu)" in table and ABSENT in table
    refused = _close(page, base, round_)
    assert "túc số" in refused and ABSENT in refused
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCORING

    _score(registration, criteria, member, 40, 20, 20)  # 80; the third member never scores
    closed = _close(page, base, round_)
    assert "Đã khóa chấm điểm." in closed
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    page.goto(f"{base}/evaluations/rounds/{round_.pk}/")
    table = page.locator("table.table", has_text=PRODUCT_NAME).inner_text()
    assert "Vắng" in table and ABSENT in table and "Đủ túc số" in table
    assert registration_result(registration).score == 75  # (70 + 80) / 2: the absent member is not a zero

    # The secretary records the result (4★ from 75 points: a province round under QĐ 148 recognises it here).
    page.goto(f"{base}/evaluations/rounds/{round_.pk}/results/")
    page.locator("table.table tbody tr", has_text=PRODUCT_NAME).locator("a", has_text="Chốt kết quả chấm").click()
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/results/")
    registration.refresh_from_db()
    assert (registration.status, registration.stars, registration.proposed_action) == ("scored", 4, "recognise")
    _logout(page, base)

    # The office approves the result, drafts the recognition decision from the approved registration...
    _login(page, base, "vpdp")
    page.goto(f"{base}/evaluations/registrations/{registration.pk}/")
    page.locator(".workflow-actions a", has_text="Duyệt kết quả").click()
    page.locator("main form button[type=submit]", has_text="Xác nhận").click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/")
    page.locator("nav.mainnav a", has_text="Quyết định").click()
    page.wait_for_url(f"{base}/decisions/")
    page.locator("a", has_text="Dự thảo quyết định công nhận").click()
    page.select_option("#id_authority", str(authority.pk))
    page.fill("#id_subject_line", "Về việc công nhận sản phẩm đạt chuẩn OCOP tỉnh Đồng Tháp")
    page.locator("main form button[type=submit]", has_text="Tạo dự thảo").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/$"))
    approved = page.locator("form", has_text="Thêm từ hồ sơ đã được phê duyệt")
    assert approved.locator(f"#reg-{registration.pk}").is_checked()
    approved.locator("button[type=submit]", has_text="Thêm các hồ sơ đã chọn").click()
    page.wait_for_load_state()
    assert PRODUCT_NAME in page.locator("table.table").first.inner_text()

    # ... and issues it with the number the văn thư gives: the register's next number is proposed, the office
    # types the one given; another authority's suffix is refused (the typed text is kept), then the right one.
    page.locator("a", has_text="Ban hành…").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/issue/$"))
    assert page.input_value("#id_number_display") == "1/QĐ-UBND"
    page.fill("#id_number_display", "15/QĐ-UBND-HC")
    page.check("#id_confirm")
    page.locator("main form button[type=submit]", has_text="Ban hành và cấp số").click()
    page.wait_for_load_state()
    assert "khác ký hiệu" in page.locator("main").inner_text()
    assert page.input_value("#id_number_display") == "15/QĐ-UBND-HC"
    page.fill("#id_number_display", TYPED_NUMBER)
    page.check("#id_confirm")
    page.locator("main form button[type=submit]", has_text="Ban hành và cấp số").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/decisions/\d+/$"))
    heading = page.locator("h1").inner_text()
    assert "Đã ban hành" in heading and TYPED_NUMBER in heading
    decision = Decision.objects.get(authority=authority)
    assert (decision.number, decision.number_display) == (15, TYPED_NUMBER)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.DECIDED

    with page.expect_download() as download_info:
        page.locator("a", has_text="Tải quyết định (PDF)").click()
    target = tmp_path / "decision.pdf"
    download_info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True, text=True).stdout
    assert TYPED_NUMBER in "".join(text.split())
    assert "".join(PRODUCT_NAME.split()) in "".join(text.split())
