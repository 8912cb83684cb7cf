"""The pages, used as each role uses them: create a round, set the council, register, move, score, close, approve."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import Registration, RegistrationStatus, Round, RoundStatus, ScoreSheet, SheetStatus
from evaluations.tests.conftest import accept, close, score, set_quorum

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def login(client, user):
    client.force_login(user)
    return client


def test_index_lists_rounds_with_filters_and_an_empty_state(world, client):
    login(client, world.office)
    page = client.get(reverse("evaluations:index"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đợt 1 năm 2024" in body or f"Đợt {world.round.sequence} năm 2024" in body
    assert "Tạo đợt đánh giá" in body
    empty = client.get(reverse("evaluations:index"), {"year": 2019}).content.decode()
    assert "Không có đợt đánh giá nào khớp điều kiện lọc." in empty
    assert list(client.get(reverse("evaluations:index"), {"level": "district"}).context["rounds"]) == []
    assert len(client.get(reverse("evaluations:index"), {"status": "open", "sort": "-year"}).context["rounds"]) == 1


def test_anonymous_and_roleless_users_are_kept_out(world, client, make_user):
    assert client.get(reverse("evaluations:index")).status_code == 302
    login(client, make_user(role="", unit=world.province))
    assert client.get(reverse("evaluations:index")).status_code == 403


def test_office_creates_a_round_and_its_council(world, client, area_tree):
    login(client, world.office)
    response = client.post(
        reverse("evaluations:round_create"),
        {"year": 2024, "sequence": 3, "rule_set": world.rule_set.pk, "level": "district", "unit": area_tree["d1"].pk,
         "opens_on": "2024-05-02", "scoring_closes_on": "2024-06-30"},
    )  # fmt: skip
    round_ = Round.objects.get(year=2024, sequence=3, unit=area_tree["d1"])
    assert response.status_code == 302 and response.url == reverse("evaluations:round_detail", args=[round_.pk])
    bad = client.post(
        reverse("evaluations:round_create"),
        {"year": 2024, "sequence": 4, "rule_set": world.rule_set.pk, "level": "district", "unit": world.province.pk,
         "opens_on": "2024-05-02"},
    )  # fmt: skip
    assert bad.status_code == 200 and "đơn vị cấp huyện" in bad.content.decode()
    council_url = reverse("evaluations:council", args=[round_.pk])
    assert client.get(council_url).status_code == 200
    response = client.post(
        council_url,
        {"chair": world.chair.pk, "secretary": world.secretary.pk, "members": [world.member_a.pk, world.member_b.pk]},
    )
    assert response.status_code == 302
    assert round_.seats.count() == 4
    # A local officer may not create rounds or set councils.
    login(client, world.officer)
    assert client.get(reverse("evaluations:round_create")).status_code == 403
    assert client.get(council_url).status_code == 403


def test_officer_registers_a_product_and_submits_it(world, client):
    login(client, world.officer)
    url = reverse("evaluations:registration_create", args=[world.round.pk])
    page = client.get(url).content.decode()
    assert world.product.name in page and world.product_2.name not in page  # only products of the officer's area
    response = client.post(url, {"product": world.product.pk, "kind": "new", "note": "Lần đầu"})
    registration = Registration.objects.get(product=world.product)
    assert response.status_code == 302
    detail = client.get(reverse("evaluations:registration_detail", args=[registration.pk])).content.decode()
    assert "Gửi hồ sơ" in detail and "Xoá hồ sơ nháp" in detail
    move = reverse("evaluations:registration_transition", args=[registration.pk, "submitted"])
    assert client.get(move).status_code == 200
    response = client.post(move, {"reason": ""}, follow=True)
    assert "Hồ sơ đã chuyển sang «Đã gửi»" in response.content.decode()
    # An illegal move shows a clear message and changes nothing.
    response = client.post(
        reverse("evaluations:registration_transition", args=[registration.pk, "approved"]), follow=True
    )
    assert "Không thể chuyển hồ sơ từ «Đã gửi» sang «VPĐP đã duyệt kết quả»" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_returning_without_a_reason_redisplays_the_form(world, client):
    registration = accept(world, start=False)
    registration.status = S.SUBMITTED
    registration.save()
    login(client, world.office)
    url = reverse("evaluations:registration_transition", args=[registration.pk, "returned"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "cần ghi rõ lý do" in response.content.decode()
    client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm"})
    assert Registration.objects.get(pk=registration.pk).status == S.RETURNED


def test_delete_a_draft_registration_after_confirmation(world, client):
    login(client, world.officer)
    client.post(
        reverse("evaluations:registration_create", args=[world.round.pk]), {"product": world.product.pk, "kind": "new"}
    )
    registration = Registration.objects.get(product=world.product)
    url = reverse("evaluations:registration_delete", args=[registration.pk])
    assert "không hoàn tác" in client.get(url).content.decode()
    client.post(url)
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_a_round_run_end_to_end_in_the_pages(world, client):
    registration = accept(world, start=False)
    login(client, world.secretary)
    client.post(reverse("evaluations:round_start", args=[world.round.pk]))
    assert Round.objects.get(pk=world.round.pk).status == RoundStatus.SCORING
    for member, pts in ((world.chair, (30, 20, 25)), (world.member_a, (32, 20, 25)), (world.member_b, (28, 21, 25))):
        login(client, member)
        assert client.get(reverse("evaluations:my_sheet", args=[registration.pk])).status_code == 200
        data = {
            f"criterion-{world.criteria[p].pk}": world.criteria[p].options.get(points=v).pk
            for p, v in zip("ABC", pts, strict=True)
        }
        data["submit"] = "1"
        client.post(reverse("evaluations:my_sheet", args=[registration.pk]), data)  # the first POST creates it
        sheet = ScoreSheet.objects.get(member=member, registration=registration)
        assert sheet.status == SheetStatus.SUBMITTED
    login(client, world.secretary)
    assert "Khóa chấm điểm" in client.get(reverse("evaluations:round_close", args=[world.round.pk])).content.decode()
    client.post(reverse("evaluations:round_close", args=[world.round.pk]))
    results = client.get(reverse("evaluations:round_results", args=[world.round.pk]))
    assert results.status_code == 200 and "75,33" in results.content.decode()
    client.post(reverse("evaluations:registration_transition", args=[registration.pk, "scored"]), {"next": "results"})
    login(client, world.office)
    page = client.get(reverse("evaluations:round_results", args=[world.round.pk])).content.decode()
    assert "Duyệt kết quả" in page and "★★★★" in page
    client.post(reverse("evaluations:registration_transition", args=[registration.pk, "approved"]))
    registration.refresh_from_db()
    assert registration.status == S.APPROVED and registration.stars == 4
    detail = client.get(reverse("evaluations:registration_detail", args=[registration.pk])).content.decode()
    assert "Lịch sử hồ sơ" in detail and "Công nhận tại cấp này" in detail


def test_secretary_reopens_a_flagged_sheet(world, client):
    registration = accept(world)
    set_quorum(world, 2, 3)
    score(world, registration, world.chair, 30, 20, 20)
    sheet = score(world, registration, world.member_a, 35, 25, 21)
    close(world)
    login(client, world.secretary)
    page = client.get(reverse("evaluations:round_results", args=[world.round.pk])).content.decode()
    assert "mở lại" in page and "quá 10 điểm" in page
    url = reverse("evaluations:sheet_reopen", args=[sheet.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Chênh 11 điểm"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    login(client, world.member_a)
    assert client.get(reverse("evaluations:my_sheet", args=[registration.pk])).context["editable"] is True
    login(client, world.member_b)
    assert client.get(url).status_code == 403


def test_recusal_page(world, client):
    accept(world)
    login(client, world.secretary)
    url = reverse("evaluations:recusal_create", args=[world.round.pk])
    assert world.subject.name in client.get(url).content.decode()
    client.post(url, {"member": world.member_b.pk, "subject": world.subject.pk, "reason": "Người thân"})
    assert world.round.recusals.filter(member=world.member_b).exists()
    login(client, world.member_b)
    page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    assert "Không tham gia" in page


def test_round_detail_opens_for_each_role(world, client):
    accept(world)
    for user in (world.office, world.secretary, world.member_a, world.officer, world.officer_d2):
        login(client, user)
        assert client.get(reverse("evaluations:round_detail", args=[world.round.pk])).status_code == 200
    assert datetime.date.today()
