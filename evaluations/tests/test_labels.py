"""Human labels (issue #15 item 6): the pages, exports and API answers of a round never show the models' internal
values — choice codes ("submitted", "re_evaluation", "moved_down"), field names ("created_by_id",
"dossier_override_reason"), True/False/None or UTC ISO times. The scan reads what a person reads: the visible
text of a page (not its HTML attributes, where codes belong), the whole of an export or an API message."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditAction
from evaluations import services
from evaluations.models import (
    CouncilPosition,
    EvaluationLevel,
    MarkReading,
    ProposedAction,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    SheetStatus,
)
from products.models import Document
from products.selectors import completeness

from .conftest import close, score

pytestmark = pytest.mark.django_db
S = RegistrationStatus
OVERRIDE = "Giấy tờ đang được cấp lại, chủ thể nộp bổ sung trước phiên họp"

CHOICE_VALUES = {
    value
    for choices in (
        RegistrationStatus,
        RegistrationKind,
        ProposedAction,
        RoundStatus,
        SheetStatus,
        CouncilPosition,
        EvaluationLevel,
        MarkReading,
        AuditAction,
    )
    for value in choices.values
}
# Field names as stored in the audit trail (attnames: "created_by_id", "product_id"...).
FIELD_NAMES = {
    name
    for model in (Registration, Round)
    for field in model._meta.concrete_fields
    for name in (field.name, field.attname)
    if "_" in name  # one-word names ("status", "note") are English words the scan would also find in the code
}
INTERNAL = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted(map(re.escape, CHOICE_VALUES | FIELD_NAMES), key=len, reverse=True))
    + r")(?![\w-])"
    r"|\b(True|False|None)\b|\d{4}-\d\d-\d\dT\d\d:\d\d"
)


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(response):
    assert response.status_code == 200, response.status_code
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def exported(response):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(" | ".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def internal_values(text):
    return sorted({match.group(0) for match in INTERNAL.finditer(text)})


@pytest.fixture
def run(world):
    """A round taken through its workflow: one registration sent with a missing document and the officer's reason,
    returned once with a reason, then accepted, scored, closed and approved; a re-evaluation of another product
    still submitted."""
    missing = completeness(world.product).required[0]
    Document.objects.filter(subject=world.subject, document_type=missing).delete()
    registration = services.registration_create(
        actor=world.officer, round_=world.round, product=world.product, kind=RegistrationKind.UPGRADE
    )
    move = services.registration_transition
    move(registration=registration, to_status=S.SUBMITTED, actor=world.officer, dossier_override=OVERRIDE)
    move(registration=registration, to_status=S.RETURNED, actor=world.office, reason="Bổ sung ảnh nhãn")
    move(registration=registration, to_status=S.SUBMITTED, actor=world.officer, dossier_override=OVERRIDE)
    move(registration=registration, to_status=S.ACCEPTED, actor=world.office)
    other = services.registration_create(
        actor=world.office, round_=world.round, product=world.product_2, kind=RegistrationKind.RE_EVALUATION
    )
    move(registration=other, to_status=S.SUBMITTED, actor=world.office)
    services.round_start_scoring(actor=world.secretary, round_=world.round)
    for member in world.scorers:
        score(world, registration, member, 30, 20, 25)
    close(world)
    move(registration=registration, to_status=S.SCORED, actor=world.secretary)
    move(registration=registration, to_status=S.APPROVED, actor=world.office)
    registration.refresh_from_db()
    return registration, missing


def test_the_scan_finds_what_it_looks_for():
    raw = "draft → submitted re_evaluation created_by_id dossier_override_reason True 2026-06-15T01:30"
    assert internal_values(raw) == [
        "2026-06-15T01:30", "True", "created_by_id", "dossier_override_reason", "draft", "re_evaluation", "submitted"
    ]  # fmt: skip
    assert internal_values("Đã gửi → Đã tiếp nhận, chờ chấm; Đánh giá lại; 15/06/2026 08:30") == []


def test_the_registration_page_and_its_history_after_an_override_read_as_people_write(world, run, client):
    registration, missing = run
    client.force_login(world.office)
    text = visible(client.get(reverse("evaluations:registration_detail", args=[registration.pk])))
    assert internal_values(text) == []
    assert "Nháp → Đã gửi" in text and "Đã gửi → Trả lại bổ sung" in text and "Đã chấm điểm → VPĐP đã duyệt" in text
    assert "Gửi khi còn thiếu hồ sơ bắt buộc" in text and OVERRIDE in text and missing.name in text
    assert "Nâng hạng" in text


def test_the_round_page_and_its_results_read_as_people_write(world, run, client):
    registration, _missing = run
    client.force_login(world.office)
    for name in ("round_detail", "round_results"):
        text = visible(client.get(reverse(f"evaluations:{name}", args=[world.round.pk])))
        assert internal_values(text) == [], name
    assert internal_values(visible(client.get(reverse("evaluations:index")))) == []
    sheet = registration.sheets.first()
    assert internal_values(visible(client.get(reverse("evaluations:sheet_detail", args=[sheet.pk])))) == []
    text = visible(client.get(reverse("evaluations:round_detail", args=[world.round.pk])))
    assert "Đánh giá lại" in text and "Đã khóa chấm điểm" in text


def test_the_audit_log_of_registrations_and_its_export_read_as_people_write(world, run, client):
    registration, missing = run
    client.force_login(world.office)
    kind = ContentType.objects.get_for_model(Registration).pk
    url = reverse("audit:list")
    text = visible(client.get(url, {"content_type": kind}))
    assert internal_values(text) == []
    assert "Đã gửi" in text and "Trả lại bổ sung" in text and "Đánh giá lại" in text
    for record in (registration, world.round, registration.sheets.first()):
        history = reverse("audit:history", args=[record._meta.label, record.pk])
        assert internal_values(visible(client.get(history))) == [], history
    council = visible(client.get(reverse("audit:history", args=[world.round._meta.label, world.round.pk])))
    assert f"{world.chair} (Chủ tịch hội đồng)" in council and f"{world.secretary} (Thư ký)" in council
    export = exported(client.get(url, {"content_type": kind, "export": "csv"}))
    assert internal_values(export) == []
    assert "Đã gửi" in export and OVERRIDE in export and missing.name in export


def test_the_rounds_export_reads_as_people_write(world, run, client):
    client.force_login(world.office)
    export = exported(client.get(reverse("evaluations:index"), {"export": "csv"}))
    assert internal_values(export) == []
    assert "Cấp tỉnh" in export and "Đã khóa chấm điểm" in export


def test_api_refusals_name_statuses_by_their_labels(world, run):
    registration, _missing = run
    api = APIClient()
    api.force_authenticate(world.office)
    url = f"/api/registrations/{registration.pk}/transition/"
    for to_status in (S.DECIDED, S.SUBMITTED, S.MOVED_DOWN):
        response = api.post(url, {"to_status": to_status}, format="json")
        assert response.status_code in (400, 409), response.content
        message = response.content.decode()
        assert internal_values(message.replace('"to_status"', "").replace('"detail"', "")) == [], message
        assert "VPĐP đã duyệt kết quả" in message or "Đã có quyết định" in message, message


def test_api_input_errors_are_in_vietnamese(world):
    api = APIClient()
    api.force_authenticate(world.officer)
    created = api.post(
        "/api/registrations/", {"round": world.round.pk, "product": world.product.pk, "kind": "bogus"}, format="json"
    )
    assert created.status_code == 400
    assert created.json() == {"kind": ["«bogus» không phải là lựa chọn hợp lệ."]}
    registration = services.registration_create(
        actor=world.officer, round_=world.round, product=world.product, kind=RegistrationKind.NEW
    )
    moved = api.post(f"/api/registrations/{registration.pk}/transition/", {"to_status": "xyz"}, format="json")
    assert moved.status_code == 400
    assert moved.json() == {"to_status": ["«xyz» không phải là lựa chọn hợp lệ."]}
    opened = api.post("/api/my-score-sheets/", {"registration": "abc"}, format="json")
    assert opened.status_code == 400 and "valid" not in opened.content.decode(), opened.content
