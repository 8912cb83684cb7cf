"""The commune officer verifies producer accounts of its area: link to an existing subject, create the subject from
what the producer typed, or reject with a reason; every step is one transaction with an audit entry (who, when,
why). Several accounts may act for one subject. The list is scoped, searchable, paged, with a bounded query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from producers.models import ProducerAccount, ProducerAccountStatus
from producers.tests.factories import ProducerAccountFactory
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db


def _entries(account):
    return AuditEntry.objects.filter(content_type__model="produceraccount", object_id=str(account.pk)).order_by("pk")


@pytest.fixture
def officer(make_user, area_tree):
    return make_user(role=Role.LOCAL_OFFICER, unit=area_tree["c1"], full_name="Cán bộ xã Một")


@pytest.fixture
def pending(area_tree):
    return ProducerAccountFactory(
        commune=area_tree["c1"],
        organisation_name="Hợp tác xã Sen Hồng",
        registration_number="1400123456",
        tax_code="1400123456",
        representative_name="Nguyễn Thị Lan",
    )


def test_the_officer_lists_the_accounts_of_its_area_only(client, officer, pending, area_tree):
    elsewhere = ProducerAccountFactory(commune=area_tree["c2"], organisation_name="Hộ kinh doanh Xa Lạ")
    client.force_login(officer)
    page = client.get(reverse("producers:account_list"))
    text = page.content.decode()
    assert page.status_code == 200 and "Hợp tác xã Sen Hồng" in text and "Xa Lạ" not in text
    assert client.get(reverse("producers:account_detail", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("producers:account_reject", args=[elsewhere.pk]), {"reason": "x"}).status_code == 404
    # search and the empty state
    assert "Sen Hồng" in client.get(reverse("producers:account_list"), {"q": "1400123"}).content.decode()
    empty = client.get(reverse("producers:account_list"), {"q": "khongco"}).content.decode()
    assert "Không có tài khoản chủ thể nào khớp bộ lọc" in empty
    export = client.get(reverse("producers:account_list"), {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200 and "Sen Hồng" in body.decode("utf-8-sig") and "Xa Lạ" not in body.decode()


def test_the_detail_shows_the_candidate_subjects_matched_by_code_or_name(client, officer, pending, area_tree):
    by_code = SubjectFactory(unit=area_tree["c1"], name="HTX Nông nghiệp Tân Hồng", registration_number="1400-123456")
    by_name = SubjectFactory(unit=area_tree["c1"], name="Hợp tác xã Sen Hồng", registration_number="1400999999")
    SubjectFactory(unit=area_tree["c1"], name="Không liên quan", registration_number="1400888888")
    outside = SubjectFactory(unit=area_tree["c2"], name="Ngoài địa bàn", tax_code="1400123456")
    client.force_login(officer)
    page = client.get(reverse("producers:account_detail", args=[pending.pk]))
    assert {s.pk for s in page.context["candidates"]} == {by_code.pk, by_name.pk}
    assert outside.name not in page.content.decode()


def test_link_to_an_existing_subject_then_a_second_account_for_the_same_subject(client, officer, pending, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], registration_number="1400123456")
    client.force_login(officer)
    response = client.post(reverse("producers:account_link", args=[pending.pk]), {"subject": subject.pk, "reason": ""})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ProducerAccountStatus.VERIFIED and pending.subject == subject
    assert pending.verified_by == officer and pending.verified_at is not None
    entry = _entries(pending).last()
    assert entry.actor == officer and entry.action == AuditAction.UPDATE
    assert entry.before["status"] == "pending" and entry.after["status"] == "verified"
    assert subject.name in entry.reason

    second = ProducerAccountFactory(commune=area_tree["c1"], organisation_name=subject.name)
    client.post(reverse("producers:account_link", args=[second.pk]), {"subject": subject.pk})
    assert set(subject.producer_accounts.values_list("pk", flat=True)) == {pending.pk, second.pk}
    # the producer sees who acts for its subject
    client.force_login(pending.user)
    page = client.get(reverse("producers:my_subject")).content.decode()
    assert pending.user.username in page and second.user.username in page
    # a verified account cannot be verified again
    client.force_login(officer)
    assert client.post(reverse("producers:account_link", args=[pending.pk]), {"subject": subject.pk}).status_code == 404


def test_link_refuses_a_subject_outside_the_officer_area(client, officer, pending, area_tree):
    outside = SubjectFactory(unit=area_tree["c2"])
    client.force_login(officer)
    response = client.post(reverse("producers:account_link", args=[pending.pk]), {"subject": outside.pk})
    assert response.status_code == 200 and response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == ProducerAccountStatus.PENDING and not _entries(pending).exists()


def test_create_the_subject_from_the_typed_data(client, officer, pending, area_tree):
    client.force_login(officer)
    url = reverse("producers:account_create_subject", args=[pending.pk])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["name"] == "Hợp tác xã Sen Hồng" and form.initial["unit"] == area_tree["c1"].pk
    data = {
        "name": "Hợp tác xã Sen Hồng",
        "legal_form": "cooperative",
        "registration_number": "1400123456",
        "tax_code": "1400123456",
        "address": "Ấp 3",
        "unit": area_tree["c1"].pk,
        "representative_name": "Nguyễn Thị Lan",
        "representative_gender": "female",
        "workforce_total": 5,
        "workforce_local": 5,
        "workforce_qualified": 1,
        "phone": "0912345678",
        "email": "",
        "website": "",
        "status": "active",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    pending.refresh_from_db()
    subject = Subject.objects.get(registration_number="1400123456")
    assert pending.subject == subject and pending.status == ProducerAccountStatus.VERIFIED
    assert AuditEntry.objects.filter(content_type__model="subject", object_id=str(subject.pk), actor=officer).exists()
    assert _entries(pending).last().actor == officer


def test_create_refuses_a_registration_number_already_in_the_registry(client, officer, pending, area_tree):
    SubjectFactory(unit=area_tree["c1"], registration_number="1400123456")
    client.force_login(officer)
    data = {"name": "HTX", "legal_form": "cooperative", "registration_number": "1400123456", "address": "Ấp 3",
            "unit": area_tree["c1"].pk, "representative_name": "Lan", "representative_gender": "female",
            "workforce_total": 0, "workforce_local": 0, "workforce_qualified": 0, "status": "active"}  # fmt: skip
    response = client.post(reverse("producers:account_create_subject", args=[pending.pk]), data)
    assert response.status_code == 200 and "registration_number" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == ProducerAccountStatus.PENDING and Subject.objects.count() == 1


def test_reject_needs_a_reason_and_the_producer_reads_it(client, officer, pending):
    client.force_login(officer)
    url = reverse("producers:account_reject", args=[pending.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert client.post(url, {"reason": "Số đăng ký không khớp giấy phép; mang bản gốc đến UBND xã."}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ProducerAccountStatus.REJECTED and pending.subject is None
    entry = _entries(pending).last()
    assert entry.actor == officer and "bản gốc" in entry.reason
    client.force_login(pending.user)
    page = client.get(reverse("producers:home")).content.decode()
    assert "Từ chối" in page and "mang bản gốc đến UBND xã" in page
    assert client.get(reverse("producers:my_subject")).status_code in {403, 404}


def test_roles_without_verification_cannot_verify(client, make_user, pending, area_tree):
    for role in (Role.LEADERSHIP, Role.COUNCIL_MEMBER):
        client.force_login(make_user(role=role, unit=area_tree["province"]))
        assert client.get(reverse("producers:account_reject", args=[pending.pk])).status_code in {403, 404}
    pending.refresh_from_db()
    assert pending.status == ProducerAccountStatus.PENDING


def test_the_verification_history_shows_who_when_why(client, make_user, officer, pending, area_tree):
    client.force_login(officer)
    client.post(reverse("producers:account_reject", args=[pending.pk]), {"reason": "Thiếu giấy phép"})
    client.force_login(make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"]))
    page = client.get(reverse("producers:account_history", args=[pending.pk])).content.decode()
    assert "Thiếu giấy phép" in page and "Cán bộ xã Một" in page


def _list_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("producers:account_list")).status_code == 200
    return len(captured)


def test_the_list_runs_a_bounded_number_of_queries(client, officer, area_tree):
    client.force_login(officer)
    subject = SubjectFactory(unit=area_tree["c1"])
    ProducerAccountFactory(commune=area_tree["c1"])
    _list_queries(client)  # the user's scope is computed once, then read from the shared cache
    one = _list_queries(client)
    for _ in range(24):
        ProducerAccountFactory(commune=area_tree["c1"], subject=subject, status=ProducerAccountStatus.VERIFIED)
    many = _list_queries(client)
    assert many == one and many <= 12, many
    assert ProducerAccount.objects.count() == 25


def test_the_officer_finds_another_subject_by_search_when_no_candidate_fits(client, officer, pending, area_tree):
    renamed = SubjectFactory(unit=area_tree["c1"], name="HTX Dịch vụ Nông nghiệp Tân Hưng", registration_number="1499")
    client.force_login(officer)
    url = reverse("producers:account_link", args=[pending.pk])
    page = client.get(url)
    assert "no-candidates" in page.content.decode()
    page = client.get(url, {"q": "tan hung"})
    assert renamed.name in page.content.decode()
    assert client.post(url + "?q=tan+hung", {"subject": renamed.pk}).status_code == 302
    pending.refresh_from_db()
    assert pending.subject == renamed and pending.status == ProducerAccountStatus.VERIFIED
