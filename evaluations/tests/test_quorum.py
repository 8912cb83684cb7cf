"""Quorum of the council (issue #15 item 1): scoring closes, and a result exists, only once enough members have
submitted their sheets (default 3/4 of the scoring members, the chair among them); an absent member is absent,
not a zero; the round page names who has not submitted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import selectors, services
from evaluations.models import RegistrationStatus, Round, RoundStatus
from evaluations.tests.conftest import accept, close, score

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def set_quorum(world, numerator, denominator, chair=True):
    Round.objects.filter(pk=world.round.pk).update(
        quorum_numerator=numerator, quorum_denominator=denominator, quorum_requires_chair=chair
    )
    world.round.refresh_from_db()


def test_the_default_quorum_is_three_quarters_with_the_chair_and_cites_its_basis(world):
    assert (world.round.quorum_numerator, world.round.quorum_denominator) == (3, 4)
    assert world.round.quorum_requires_chair
    assert "3/4" in world.round.quorum_basis and "Chủ tịch" in world.round.quorum_basis
    assert selectors.quorum_needed(world.round, 3) == 3  # 3/4 of 3 members is 2.25: three sheets
    assert selectors.quorum_needed(world.round, 4) == 3
    assert selectors.quorum_needed(world.round, 7) == 6


def test_closing_below_quorum_is_refused_naming_the_product_and_who_is_missing(world):
    registration = accept(world)
    score(world, registration, world.chair, 30, 20, 25)
    score(world, registration, world.member_a, 32, 20, 25)
    with pytest.raises(services.ValidationError) as refused:
        services.round_close_scoring(actor=world.secretary, round_=world.round)
    message = " ".join(refused.value.messages)
    assert "túc số" in message
    assert world.product.name in message and str(world.member_b) in message
    assert str(world.chair) not in message.split("chưa nộp:")[1]
    assert "2/3" in message
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.SCORING and not world.round.is_closed


def test_at_quorum_closing_is_accepted(world):
    registration = accept(world)
    for member in world.scorers:
        score(world, registration, member, 30, 20, 25)
    close(world)
    assert world.round.status == RoundStatus.CLOSED and world.round.scoring_closed_by == world.secretary
    assert AuditEntry.objects.filter(object_id=str(world.round.pk), reason="Khóa chấm điểm").exists()


def test_the_quorum_needs_the_chair(world):
    set_quorum(world, 2, 3)
    registration = accept(world)
    score(world, registration, world.member_a, 30, 20, 25)
    score(world, registration, world.member_b, 30, 20, 25)
    with pytest.raises(services.ValidationError) as refused:
        services.round_close_scoring(actor=world.secretary, round_=world.round)
    assert "Chủ tịch hội đồng chưa nộp phiếu" in " ".join(refused.value.messages)
    assert str(world.chair) in " ".join(refused.value.messages)
    set_quorum(world, 2, 3, chair=False)
    close(world)
    assert world.round.is_closed


def test_the_result_is_the_mean_of_submitted_sheets_only_and_the_absent_member_is_named(world, client):
    set_quorum(world, 2, 3)  # the round's council regulation says 2/3
    registration = accept(world)
    score(world, registration, world.chair, 30, 20, 20)  # 70
    score(world, registration, world.member_a, 40, 20, 20)  # 80
    score(world, registration, world.member_b, 10, 5, 5, submit=False)  # opened, never submitted: absent
    close(world)
    result = selectors.registration_result(registration)
    assert result.score == Decimal("75")  # (70 + 80) / 2, not (70 + 80 + 0) / 3 nor with the draft's 20
    assert {sheet.member_id for sheet, _total in result.totals} == {world.chair.pk, world.member_a.pk}
    assert result.unsubmitted == 1
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.score == Decimal("75.00")
    client.force_login(world.secretary)
    page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    assert "Vắng (không chấm, không tính điểm 0):" in page and str(world.member_b) in page
    assert "2/3" in page  # submitted out of expected


def test_the_round_page_shows_who_has_not_submitted_and_the_close_page_refuses(world, client):
    registration = accept(world)
    score(world, registration, world.chair, 30, 20, 25)
    client.force_login(world.secretary)
    page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    assert "Chưa nộp:" in page
    assert str(world.member_a) in page and str(world.member_b) in page
    assert "Chưa đủ túc số (cần 3 phiếu)" in page
    assert "Căn cứ:" in page
    response = client.post(reverse("evaluations:round_close", args=[world.round.pk]), follow=True)
    body = response.content.decode()
    assert "chưa đủ túc số" in body and str(world.member_b) in body
    assert Round.objects.get(pk=world.round.pk).status == RoundStatus.SCORING


def test_no_result_is_recorded_below_quorum_after_a_sheet_is_reopened(world):
    registration = accept(world)
    sheets = [score(world, registration, member, 30, 20, 25) for member in world.scorers]
    close(world)
    services.sheet_reopen(actor=world.secretary, sheet=sheets[1], reason="Chênh điểm")
    with pytest.raises(services.TransitionError):
        services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)
    registration.refresh_from_db()
    assert registration.score is None and registration.status == S.ACCEPTED


def test_the_office_sets_the_council_s_quorum_and_its_basis_on_the_council_page(world, client):
    client.force_login(world.office)
    url = reverse("evaluations:council", args=[world.round.pk])
    data = {
        "chair": world.chair.pk,
        "secretary": world.secretary.pk,
        "members": [world.member_a.pk, world.member_b.pk],
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        "quorum_requires_chair": "1",
        "quorum_basis": "Quy chế hoạt động của Hội đồng (Quyết định 12/QĐ-UBND), Điều 5",
    }
    client.post(url, data)
    world.round.refresh_from_db()
    assert (world.round.quorum_numerator, world.round.quorum_denominator) == (2, 3)
    assert world.round.quorum_requires_chair and "Điều 5" in world.round.quorum_basis
    client.post(url, {**data, "quorum_numerator": 4})  # 4/3 is no quorum
    world.round.refresh_from_db()
    assert world.round.quorum_numerator == 2
    assert AuditEntry.objects.filter(object_id=str(world.round.pk), reason="Thành lập hội đồng").count() == 2
