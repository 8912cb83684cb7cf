"""Issue #18, part 2: a verified producer applies online, the commune pre-assesses (returns with comments or
forwards with its report), the round goes on, and the producer follows it (history, published result, decision,
certificate) with notices in the portal and by e-mail. Through the pages, as the people do it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from decisions import services as decision_services
from decisions.tests.factories import AuthorityFactory
from evaluations import services
from evaluations.models import Registration, RegistrationKind, RegistrationStatus
from evaluations.tests import conftest as evaluation_world
from evaluations.tests.conftest import close, score
from notices.models import Notice, NoticeKind
from producers.models import ProducerAccount, ProducerAccountStatus
from products.models import Document, DocumentType
from products.tests.helpers import PDF_BYTES

S = RegistrationStatus
# The evaluation world (a provincial round, its council, officers, two subjects with complete dossiers).
world = evaluation_world.world
_fast_passwords = evaluation_world._fast_passwords
pytestmark = pytest.mark.django_db


def make_producer(make_user, subject, unit, name="htx"):
    user = make_user(Role.PRODUCER, None, username=f"{name}.{subject.pk}", email=f"{name}{subject.pk}@example.vn")
    ProducerAccount.objects.create(
        user=user,
        subject=subject,
        status=ProducerAccountStatus.VERIFIED,
        registration_number="1400123456",
        organisation_name=subject.name,
        representative_name="Nguyễn Văn A",
        commune=unit,
        phone="0912345678",
        verified_at=timezone.now(),
    )
    return user


@pytest.fixture
def producer(world, make_user):
    return make_producer(make_user, world.subject, world.tree["c1"])


@pytest.fixture
def other_producer(world, make_user):
    return make_producer(make_user, world.product_2.subject, world.tree["c2"], name="khac")


def pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def start_application(client, world, product=None, kind=RegistrationKind.NEW):
    product = product or world.product
    response = client.post(
        reverse("producers:application_new"),
        {"product": product.pk, "round_": world.round.pk, "kind": kind, "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Registration.objects.get(product=product, round=world.round)


def move(client, registration, to_status, reason=""):
    return client.post(
        reverse("evaluations:registration_transition", args=[registration.pk, to_status]), {"reason": reason}
    )


def test_submit_return_resubmit_forward_accept_score_decide_with_notices(
    world, producer, client, django_capture_on_commit_callbacks
):
    client.force_login(producer)
    page = client.get(reverse("producers:application_new") + f"?product={world.product.pk}")
    assert page.status_code == 200
    assert str(world.round) in page.content.decode()
    registration = start_application(client, world)
    assert registration.status == S.DRAFT and registration.created_by == producer

    response = client.post(reverse("producers:application_submit", args=[registration.pk]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED

    # The commune's queue lists it; the office may not accept a producer's dossier before the commune forwards it.
    officer = world.officer
    client.force_login(officer)
    queue = client.get(reverse("evaluations:review_queue"))
    assert world.product.name in queue.content.decode()
    with pytest.raises(services.TransitionError):
        services.registration_transition(registration=registration, to_status=S.ACCEPTED, actor=world.office)

    with django_capture_on_commit_callbacks(execute=True):
        response = move(client, registration, S.RETURNED, "Thiếu ảnh nhãn mặt sau; bổ sung phiếu kiểm nghiệm mới.")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.RETURNED
    assert [m.to for m in mail.outbox] == [[producer.email]]
    assert "trả lại" in mail.outbox[0].subject
    assert "Thiếu ảnh nhãn mặt sau" in mail.outbox[0].body
    notice = Notice.objects.get(recipient=producer)
    assert notice.kind == NoticeKind.APPLICATION_RETURNED and notice.emailed

    client.force_login(producer)
    page = client.get(reverse("producers:application_detail", args=[registration.pk])).content.decode()
    assert "Thiếu ảnh nhãn mặt sau" in page
    assert 'id="submit-form"' in page
    response = client.post(
        reverse("producers:application_upload", args=[registration.pk]),
        {"document_type": DocumentType.objects.get(code="packaging_label_photos").pk, "file": pdf("nhan.pdf")},
    )
    assert response.status_code == 302
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED

    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:registration_forward", args=[registration.pk]),
            {"report_text": "Sản phẩm dùng nguyên liệu địa phương, 12 lao động tại xã."},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED

    client.force_login(world.office)
    assert move(client, registration, S.ACCEPTED).status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.ACCEPTED

    services.round_start_scoring(actor=world.secretary, round_=world.round)
    for member, points in zip(world.scorers, [(30, 20, 25), (32, 20, 25), (28, 21, 25)], strict=True):
        score(world, registration, member, *points)
    close(world)
    services.registration_transition(registration=registration, to_status=S.SCORED, actor=world.secretary)

    # Scored but not approved: the producer sees neither the score nor the stars.
    client.force_login(producer)
    page = client.get(reverse("producers:application_detail", args=[registration.pk])).content.decode()
    assert 'id="result"' not in page and "75,33" not in page

    outbox = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_transition(registration=registration, to_status=S.APPROVED, actor=world.office)
    assert "kết quả" in mail.outbox[outbox].subject
    authority = AuthorityFactory(unit=world.province)
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.recognition_decision_issue(
            actor=world.office,
            authority=authority,
            items=[
                {"product": world.product, "stars": 4, "score": Decimal("75.33"), "registration_id": registration.pk}
            ],
            date=timezone.localdate(),
        )
    registration.refresh_from_db()
    assert registration.status == S.DECIDED
    kinds = list(Notice.objects.filter(recipient=producer).order_by("pk").values_list("kind", flat=True))
    assert kinds == [NoticeKind.APPLICATION_RETURNED, NoticeKind.APPLICATION_FORWARDED,
                     NoticeKind.RESULT_PUBLISHED, NoticeKind.DECISION_ISSUED]  # fmt: skip
    assert len(mail.outbox) == 4

    page = client.get(reverse("producers:application_detail", args=[registration.pk])).content.decode()
    assert "75,33" in page and 'id="decision"' in page
    assert "Thiếu ảnh nhãn mặt sau" in page  # the history keeps the commune's comments
    recognition = registration.recognitions.get()
    docx = client.get(reverse("producers:application_certificate", args=[recognition.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_commune_forward_needs_a_report_and_only_the_area_officer_forwards(world, producer, client):
    client.force_login(producer)
    registration = start_application(client, world)
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    client.force_login(world.officer_d2)  # another district's officer
    assert client.get(reverse("evaluations:registration_forward", args=[registration.pk])).status_code == 404
    client.force_login(world.officer)
    response = client.post(reverse("evaluations:registration_forward", args=[registration.pk]), {"report_text": " "})
    assert response.status_code == 200
    assert "Ghi ý kiến thẩm định" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    response = client.post(
        reverse("evaluations:registration_forward", args=[registration.pk]),
        {"report_file": pdf("bao-cao-xa.pdf")},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED
    assert registration.commune_report.document_type.code == "commune_report"


def test_commune_return_needs_a_reason(world, producer, client):
    client.force_login(producer)
    registration = start_application(client, world)
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    client.force_login(world.officer)
    assert move(client, registration, S.RETURNED, "").status_code == 400
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED


def test_producer_sees_no_sheets_no_office_pages_and_not_another_producers_application(
    world, producer, other_producer, client
):
    from django.test import Client

    their_client = Client()
    their_client.force_login(other_producer)
    theirs = start_application(their_client, world, product=world.product_2)
    client.force_login(producer)
    mine = start_application(client, world)
    for name in ("application_detail", "application_upload", "application_submit"):
        assert client.get(reverse(f"producers:{name}", args=[theirs.pk])).status_code == 404, name
    assert client.post(reverse("producers:application_submit", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.DRAFT
    listing = client.get(reverse("producers:application_list")).content.decode()
    assert world.product.name in listing and world.product_2.name not in listing
    # The office's evaluation pages (round, registration, sheets, results) are closed to a producer.
    assert client.get(reverse("evaluations:registration_detail", args=[mine.pk])).status_code == 403
    assert client.get(reverse("evaluations:round_detail", args=[world.round.pk])).status_code == 403
    assert client.get(reverse("evaluations:round_results", args=[world.round.pk])).status_code == 403
    assert client.get(reverse("evaluations:review_queue")).status_code == 403


def _document(product, code, *, valid_until=None, subject_level=False):
    doc_type = DocumentType.objects.get(code=code)
    key = f"{code}-{product.pk}-{valid_until}.pdf".replace(" ", "")
    return Document.objects.create(
        subject_id=product.subject_id,
        product=None if subject_level else product,
        document_type=doc_type,
        title=doc_type.name,
        file=f"documents/{product.subject_id}/{key}",
        storage_key=key,
        original_name=f"{code}.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        valid_until=valid_until,
    )


def test_re_evaluation_prefills_from_the_last_dossier_reuses_valid_documents_and_asks_expired_ones_again(
    world, producer, client
):
    from products.tests.factories import ProductFactory

    product = ProductFactory(subject=world.subject, product_class=world.product_class, name="Trà sen Tháp Mười")
    today = timezone.localdate()
    for code in ("registration_form", "self_assessment", "product_standard", "packaging_label_photos", "product_story"):
        _document(product, code)
    _document(product, "test_report", valid_until=today + datetime.timedelta(days=200))
    # world.subject already has subject-level documents (business licence, food safety) from complete_dossier:
    # the food-safety certificate on file has expired since.
    Document.objects.filter(subject=world.subject, document_type__code="food_safety_certificate").update(
        valid_until=today - datetime.timedelta(days=1)
    )
    previous_round = world.round.__class__.objects.create(
        year=2021, sequence=1, rule_set=world.rule_set, level=world.round.level, unit=world.province,
        opens_on=datetime.date(2021, 3, 1), status="closed",
    )  # fmt: skip
    Registration.objects.create(
        round=previous_round, product=product, kind=RegistrationKind.NEW, status=S.DECIDED,
        note="Sản phẩm 3 sao năm 2021; bao bì mới từ 2023.",
    )  # fmt: skip
    documents_before = Document.objects.count()

    client.force_login(producer)
    page = client.get(reverse("producers:application_new") + f"?product={product.pk}&kind=re_evaluation")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="prefilled"' in html
    assert 'value="re_evaluation" selected' in html
    assert "Hết hiệu lực từ" in html  # the expired certificate is asked again

    registration = start_application(client, world, product=product, kind=RegistrationKind.RE_EVALUATION)
    assert registration.note == "Sản phẩm 3 sao năm 2021; bao bì mới từ 2023."
    detail = client.get(reverse("producers:application_detail", args=[registration.pk]))
    states = {item.doc_type.code: item.state for item in detail.context["checklist"]}
    assert states["business_registration"] == "ok"  # subject-level, reused, never uploaded again
    assert states["test_report"] == "ok"
    assert states["food_safety_certificate"] == "expired"
    assert [item.doc_type.code for item in detail.context["needed"]] == ["food_safety_certificate"]

    client.post(reverse("producers:application_submit", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == S.DRAFT  # refused: the expired certificate is missing

    response = client.post(
        reverse("producers:application_upload", args=[registration.pk]),
        {
            "document_type": DocumentType.objects.get(code="food_safety_certificate").pk,
            "file": pdf("attp.pdf"),
            "valid_until": (today + datetime.timedelta(days=700)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Document.objects.count() == documents_before + 1  # only the renewed certificate was uploaded
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    assert registration.dossier_missing == ""


def test_application_needs_an_open_round_of_the_producers_area(world, producer, client, area_tree):
    from evaluations.tests.factories import RoundFactory

    other = RoundFactory(rule_set=world.rule_set, unit=area_tree["other_province"])
    client.force_login(producer)
    response = client.post(
        reverse("producers:application_new"),
        {"product": world.product.pk, "round_": other.pk, "kind": RegistrationKind.NEW},
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(product=world.product).exists()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up (session, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_run_a_fixed_number_of_queries(world, producer, client, make_user):
    from evaluations.tests.factories import RoundFactory
    from products.tests.factories import ProductFactory

    client.force_login(producer)
    start_application(client, world)
    client.post(reverse("producers:application_submit", args=[Registration.objects.get().pk]))
    one_producer = _queries(client, reverse("producers:application_list"))
    client.force_login(world.officer)
    one_queue = _queries(client, reverse("evaluations:review_queue"))
    for _ in range(6):
        product = ProductFactory(subject=world.subject, product_class=world.product_class)
        round_ = RoundFactory(rule_set=world.rule_set, unit=world.province)
        registration = Registration.objects.create(
            round=round_, product=product, kind="new", status=S.SUBMITTED, created_by=producer,
            submitted_at=timezone.now(),
        )  # fmt: skip
        assert registration.pk
    client.force_login(producer)
    many_producer = _queries(client, reverse("producers:application_list"))
    client.force_login(world.officer)
    many_queue = _queries(client, reverse("evaluations:review_queue"))
    assert many_producer == one_producer <= 7
    assert many_queue == one_queue <= 7


def test_under_decision_1489_the_commune_forwards_with_its_report_file(world, producer, client):
    """Since 06/7/2025 (QĐ 1489) the dossier carries the commune's report: the producer applies and submits without
    it; the commune cannot forward without the report file, and forwards with it."""
    from evaluations.models import RuleSet
    from evaluations.tests.factories import RoundFactory

    rule_set = RuleSet.objects.get(code="qd148_1489")
    assert rule_set.requires_commune_report
    world.round = RoundFactory(rule_set=rule_set, unit=world.province, year=2026, opens_on=datetime.date(2026, 3, 1))
    client.force_login(producer)
    registration = start_application(client, world)
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    client.force_login(world.officer)
    response = client.post(
        reverse("evaluations:registration_forward", args=[registration.pk]), {"report_text": "Đạt yêu cầu."}
    )
    assert "báo cáo đánh giá của UBND cấp xã" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.commune_report is None
    client.post(
        reverse("evaluations:registration_forward", args=[registration.pk]),
        {"report_text": "Đạt yêu cầu.", "report_file": pdf("bao-cao-xa.pdf")},
    )
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED and registration.commune_report is not None


def test_commune_queue_searches_without_diacritics_sorts_exports_and_says_when_empty(world, producer, client):
    from django.test import Client

    from evaluations.tables import ReviewTable

    client.force_login(producer)
    registration = start_application(client, world)
    officer = Client()
    officer.force_login(world.officer)
    url = reverse("evaluations:review_queue")

    def rows(**params):
        return [r.pk for r in officer.get(url, params).context["object_list"]]

    assert rows() == []  # a draft is not the commune's yet
    client.post(reverse("producers:application_submit", args=[registration.pk]))
    assert rows(q="banh phong") == [registration.pk]
    assert "Không có hồ sơ nào" in officer.get(url, {"q": "khong co gi"}).content.decode()
    for key in ReviewTable(None).ordering():
        assert rows(sort="-" + key) == [registration.pk]
    export = officer.get(url, {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert world.product.name in body.decode("utf-8-sig")
    officer.force_login(world.officer_d2)  # another district's officer: not its queue
    assert rows() == []
