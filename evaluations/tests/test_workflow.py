"""The registration workflow: the happy path, every illegal move, roles, reasons, preconditions, results."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from evaluations import selectors, services, workflow
from evaluations.models import ProposedAction, Registration, RegistrationStatus, RuleSet, SheetStatus
from evaluations.services import TransitionError
from evaluations.tests.conftest import accept, close, score, set_quorum
from evaluations.tests.factories import RegistrationFactory, RoundFactory

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def test_round_end_to_end_through_the_services(world):
    registration = accept(world)
    for member, (a, b, c) in zip(world.scorers, [(30, 20, 25), (32, 20, 25), (28, 21, 25)], strict=True):
        score(world, registration, member, a, b, c)
    close(world)
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.score == Decimal("75.33")  # mean of 75, 77, 74
    assert registration.stars == 4
    assert registration.proposed_action == ProposedAction.RECOGNISE  # 148: the province recognises 4★
    services.registration_transition(registration=registration, to_status=S.APPROVED, actor=world.office)
    assert [r.pk for r in selectors.approved_registrations(world.office)] == [registration.pk]
    services.registration_mark_decided(registration=registration, actor=world.office)
    registration.refresh_from_db()
    assert registration.status == S.DECIDED
    assert not selectors.approved_registrations(world.office).exists()
    moves = AuditEntry.objects.filter(
        action=AuditAction.TRANSITION,
        object_id=str(registration.pk),
        content_type=ContentType.objects.get_for_model(Registration),
    )
    assert moves.count() == 5
    history = list(selectors.evaluations_for_product(world.officer, world.product))
    assert [(h.status, h.stars) for h in history] == [(S.DECIDED, 4)]


@pytest.mark.parametrize(("source", "target"), workflow.illegal_pairs())
def test_every_illegal_move_is_refused(world, make_user, source, target):
    admin = make_user(Role.ADMINISTRATOR, world.tree["country"])
    registration = RegistrationFactory(round=world.round, product=world.product, status=source)
    with pytest.raises(TransitionError, match="Không thể chuyển hồ sơ từ"):
        services.registration_transition(registration=registration, to_status=target, actor=admin, reason="x")
    registration.refresh_from_db()
    assert registration.status == source


def test_the_table_has_the_documented_moves():
    assert set(workflow.TABLE) == {
        (S.DRAFT, S.SUBMITTED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.SUBMITTED, S.RETURNED),
        (S.SUBMITTED, S.FORWARDED),
        (S.FORWARDED, S.ACCEPTED),
        (S.FORWARDED, S.RETURNED),
        (S.ACCEPTED, S.SCORED),
        (S.SCORED, S.APPROVED),
        (S.SCORED, S.ACCEPTED),
        (S.SCORED, S.MOVED_DOWN),
        (S.APPROVED, S.DECIDED),
    }
    assert {t.target for t in workflow.TRANSITIONS if t.reason_required} == {
        S.RETURNED, S.ACCEPTED, S.MOVED_DOWN, S.FORWARDED,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("status", "target", "who"),
    [
        (S.DRAFT, S.SUBMITTED, "member_a"),
        (S.DRAFT, S.SUBMITTED, "officer_d2"),  # another district's officer
        (S.SUBMITTED, S.ACCEPTED, "officer"),
        (S.SUBMITTED, S.ACCEPTED, "member_a"),
        (S.ACCEPTED, S.SCORED, "office"),  # only the round's secretary
        (S.SCORED, S.APPROVED, "secretary"),
        (S.SCORED, S.APPROVED, "officer"),
        (S.APPROVED, S.DECIDED, "member_a"),
    ],
)
def test_a_move_by_the_wrong_role_is_refused(world, status, target, who):
    registration = RegistrationFactory(round=world.round, product=world.product, status=status)
    with pytest.raises(TransitionError, match="không có quyền"):
        services.registration_transition(
            registration=registration, to_status=target, actor=getattr(world, who), reason="lý do"
        )


def test_returning_needs_a_reason_which_is_kept(world):
    registration = RegistrationFactory(round=world.round, product=world.product, status=S.SUBMITTED)
    with pytest.raises(TransitionError, match="cần ghi rõ lý do"):
        services.registration_transition(registration=registration, to_status=S.RETURNED, actor=world.office)
    services.registration_transition(
        registration=registration, to_status=S.RETURNED, actor=world.secretary, reason="Thiếu phiếu kiểm nghiệm"
    )
    registration.refresh_from_db()
    assert registration.status == S.RETURNED and registration.status_reason == "Thiếu phiếu kiểm nghiệm"
    entry = AuditEntry.objects.filter(
        action=AuditAction.TRANSITION,
        object_id=str(registration.pk),
        content_type=ContentType.objects.get_for_model(Registration),
    ).get()
    assert entry.reason == "Thiếu phiếu kiểm nghiệm" and entry.actor == world.secretary
    services.registration_transition(registration=registration, to_status=S.SUBMITTED, actor=world.officer)


def test_scoring_cannot_be_closed_out_before_close_and_with_a_spread_over_ten(world):
    registration = accept(world)
    score(world, registration, world.chair, 30, 20, 20)  # 70
    score(world, registration, world.member_a, 30, 20, 21)  # 71
    sheet_b = score(world, registration, world.member_b, 35, 25, 21)  # 81: 11 points above the lowest
    with pytest.raises(TransitionError, match="chưa khóa chấm điểm"):
        services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    close(world)
    result = selectors.registration_result(registration)
    assert result.flagged and result.spread == Decimal("11")
    with pytest.raises(TransitionError, match="chênh nhau 11"):
        services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    services.sheet_reopen(actor=world.secretary, sheet=sheet_b, reason="Chênh quá 10 điểm")
    with pytest.raises(TransitionError, match="chưa nộp"):
        services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    sheet_b.refresh_from_db()
    assert sheet_b.status == SheetStatus.DRAFT and services.sheet_editable(sheet_b)
    score(world, registration, world.member_b, 30, 22, 20)  # 72 after discussion
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.score == Decimal("71.00") and registration.stars == 4


def test_spread_of_exactly_ten_is_not_flagged(world):
    registration = accept(world)
    set_quorum(world, 2, 3)
    score(world, registration, world.chair, 30, 20, 20)  # 70
    score(world, registration, world.member_a, 35, 25, 20)  # 80
    close(world)
    result = selectors.registration_result(registration)
    assert result.spread == Decimal("10") and not result.flagged


def test_a_failed_mandatory_criterion_caps_the_stars(world):
    registration = accept(world)
    for member in world.scorers:
        score(world, registration, member, 40, 25, 9)  # 74 points, but C = 9 < the 3★ mark (10)
    close(world)
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.score == Decimal("74.00")
    assert registration.stars == 2
    assert registration.proposed_action == ProposedAction.NOT_ELIGIBLE
    result = selectors.registration_result(registration)
    assert result.band_stars == 4 and [c.stars for c in result.failed] == [3]


def test_mandatory_rule_is_judged_on_the_mean_of_the_members(world):
    registration = accept(world)
    score(world, registration, world.chair, 30, 20, 12)  # C mean = (12 + 9 + 9) / 3 = 10 → met
    score(world, registration, world.member_a, 30, 20, 9)
    score(world, registration, world.member_b, 30, 20, 9)
    close(world)
    assert selectors.registration_result(registration).stars == 3


def test_office_can_send_back_for_rescoring_or_down_a_level(world):
    registration = accept(world)
    for member in world.scorers:
        score(world, registration, member, 30, 15, 15)  # 60: 3★, below the 4★ the province recognises under 148
    close(world)
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.proposed_action == ProposedAction.RETURN_LOWER
    services.registration_transition(
        registration=registration, to_status=S.ACCEPTED, actor=world.office, reason="Chấm lại mục C"
    )
    registration.refresh_from_db()
    assert registration.score is None and registration.sheets.filter(status=SheetStatus.DRAFT).count() == 3
    for member in world.scorers:
        score(world, registration, member, 30, 15, 15)
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    services.registration_transition(
        registration=registration, to_status=S.MOVED_DOWN, actor=world.office, reason="Trả về huyện công nhận 3 sao"
    )
    assert Registration.objects.get(pk=registration.pk).status == S.MOVED_DOWN


def test_only_products_inside_the_round_unit_can_be_registered(world, area_tree):
    other = RoundFactory(rule_set=world.round.rule_set, level="district", unit=area_tree["d2"])
    with pytest.raises(ValidationError, match="không thuộc địa bàn"):
        services.registration_create(actor=world.office, round_=other, product=world.product, kind="new")
    services.registration_create(actor=world.office, round_=other, product=world.product_2, kind="new")
    with pytest.raises(ValidationError, match="đã được đăng ký"):
        services.registration_create(actor=world.office, round_=other, product=world.product_2, kind="upgrade")


def test_1489_rounds_require_the_commune_report(world, area_tree):
    amended = RuleSet.objects.get(code="qd148_1489")
    import datetime

    round_ = RoundFactory(rule_set=amended, level="province", unit=world.province, opens_on=datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError, match="báo cáo đánh giá của UBND cấp xã"):
        services.registration_create(actor=world.officer, round_=round_, product=world.product, kind="new")


def test_round_creation_checks_level_unit_and_dates(world, area_tree):
    import datetime

    with pytest.raises(ValidationError, match="đơn vị cấp huyện"):
        services.round_create(
            actor=world.office, year=2024, sequence=1, rule_set=world.rule_set, level="district",
            unit=world.province, opens_on=datetime.date(2024, 3, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="không có đánh giá ở cấp huyện"):
        services.round_create(
            actor=world.office, year=2025, sequence=3, rule_set=RuleSet.objects.get(code="qd148_1489"),
            level="district", unit=area_tree["d1"], opens_on=datetime.date(2025, 8, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="ngoài thời gian hiệu lực"):
        services.round_create(
            actor=world.office, year=2026, sequence=1, rule_set=world.rule_set, level="province",
            unit=world.province, opens_on=datetime.date(2026, 3, 1),
        )  # fmt: skip
    round_ = services.round_create(
        actor=world.office, year=2024, sequence=1, rule_set=world.rule_set, level="district",
        unit=area_tree["d1"], opens_on=datetime.date(2024, 3, 1),
    )  # fmt: skip
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(round_.pk)).exists()


def test_a_sheet_never_submitted_before_closing_is_ignored(world):
    registration = accept(world)
    set_quorum(world, 2, 3)  # the council's regulation: 2/3 with the chair; member B is absent
    score(world, registration, world.chair, 30, 20, 20)
    score(world, registration, world.member_a, 30, 20, 22)
    score(world, registration, world.member_b, 5, 5, 5, submit=False)  # absent: never submitted
    close(world)
    result = selectors.registration_result(registration)
    assert result.unsubmitted == 1 and result.drafts == 0 and result.score == Decimal("71.00")
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    assert Registration.objects.get(pk=registration.pk).score == Decimal("71.00")
