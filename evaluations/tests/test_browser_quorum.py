"""Browser journey of the quorum (issue #15): a council of three scoring members under a 2/3 quorum with the chair;
one member never scores. The secretary sees who has not submitted, cannot close scoring while only the chair has
submitted (the refusal names the missing members), then closes once a second sheet is in; the absent member is
shown as absent and the result is the mean of the two sheets."""

import datetime

import pytest

from accounts.models import Role
from accounts.tests.factories import PASSWORD
from decisions.tests.factories import product_in
from evaluations import services
from evaluations.models import (
    EvaluationLevel,
    Option,
    RegistrationKind,
    RegistrationStatus,
    RoundStatus,
    RuleSet,
)
from evaluations.selectors import registration_result
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from products.tests.factories import ProductClassFactory

PRODUCT_NAME = "Mắm cá linh Hồng Ngự"
ABSENT = "Trần Văn Vắng Mặt"


def _login(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


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
def test_the_secretary_cannot_close_below_quorum_then_closes_with_one_member_absent(
    portal_page, live_server, make_user, area_tree
):
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
