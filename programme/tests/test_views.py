"""The programme pages through the HTTP client: lists, detail with progress at a date, drill-down, forms with the
reason after approval, confirmation before delete, uploads, and area scoping (another district's rows: 404)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from programme.indicators import IndicatorType
from programme.models import Activity, BudgetDocument, BudgetLine, Plan, PlanStatus, Target

from .factories import ActivityFactory, BudgetLineFactory, PlanFactory, TargetFactory, source

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


@pytest.fixture
def d2_plan(area_tree):
    plan = PlanFactory(unit=area_tree["d2"], year=2023, number="7/KH-UBND", title="Kế hoạch OCOP huyện 2")
    line = BudgetLineFactory(plan=plan, source=source("local_district"), planned_mvnd=Decimal("123.45"))
    target = TargetFactory(plan=plan)
    return plan, line, target


def test_index_lists_plans_by_year_with_filters(client, office, plan, district_plan):
    PlanFactory(unit=office.unit, year=2022, number="81/KH-UBND")
    client.force_login(office)
    response = client.get(url("index"))
    assert response.status_code == 200
    assert [p.year for p in response.context["plans"]] == [2023, 2023, 2022]
    html = response.content.decode()
    assert "81/KH-UBND" in html and "Lập kế hoạch" in html
    assert "<strong>2022</strong>" in html and "2.022" not in html  # a year is not a number with separators
    filtered = client.get(url("index"), {"year": 2022})
    assert [p.number for p in filtered.context["plans"]] == ["81/KH-UBND"]
    by_unit = client.get(url("index"), {"unit": district_plan.unit_id})
    assert [p.pk for p in by_unit.context["plans"]] == [district_plan.pk]
    empty = client.get(url("index"), {"year": 2030})
    assert "Không có kế hoạch nào khớp điều kiện lọc." in empty.content.decode()


def test_officer_of_another_district_sees_neither_the_plan_nor_its_budget(client, officer_d1, d2_plan):
    plan, line, target = d2_plan
    client.force_login(officer_d1)
    assert plan not in client.get(url("index")).context["plans"]
    assert line not in client.get(url("budget")).context["lines"]
    assert client.get(url("budget")).context["totals"]["total"]["planned"] is None
    for name, pk in [
        ("plan_detail", plan.pk),
        ("plan_update", plan.pk),
        ("plan_delete", plan.pk),
        ("plan_approve", plan.pk),
        ("budget_line_detail", line.pk),
        ("budget_line_update", line.pk),
        ("budget_line_delete", line.pk),
        ("target_records", target.pk),
        ("target_update", target.pk),
        ("target_actual", target.pk),
        ("target_create", plan.pk),
        ("budget_line_create", plan.pk),
    ]:
        assert client.get(url(name, pk)).status_code == 404, name
    assert client.post(url("plan_delete", plan.pk)).status_code == 404
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_leadership_reads_but_cannot_change(client, leader, plan):
    TargetFactory(plan=plan)
    client.force_login(leader)
    detail = client.get(url("plan_detail", plan.pk))
    assert detail.status_code == 200 and "Sửa kế hoạch" not in detail.content.decode()
    assert client.get(url("plan_update", plan.pk)).status_code == 403
    assert client.get(url("plan_create")).status_code == 403
    assert client.post(url("plan_approve", plan.pk)).status_code == 403
    assert client.get(url("activity_create")).status_code == 403


def test_office_creates_a_plan_in_the_browser(client, office, area_tree):
    client.force_login(office)
    form = client.get(url("plan_create"))
    assert form.status_code == 200 and not form.context["form"].fields["reason"].required
    response = client.post(
        url("plan_create"),
        {
            "unit": area_tree["province"].pk,
            "year": "2023",
            "number": "",
            "issued_on": "",
            "title": "Kế hoạch triển khai thực hiện Chương trình OCOP năm 2023",
            "issuer": "UBND tỉnh Đồng Tháp",
            "legal_basis": "Quyết định số 148/QĐ-TTg ngày 24/02/2023\nKế hoạch số 432/KH-UBND ngày 31/12/2022",
            "note": "",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == url("plan_detail", plan.pk)
    assert plan.legal_basis_list == [
        "Quyết định số 148/QĐ-TTg ngày 24/02/2023",
        "Kế hoạch số 432/KH-UBND ngày 31/12/2022",
    ]
    duplicate = client.post(url("plan_create"), {"unit": area_tree["province"].pk, "year": "2023", "title": "x"})
    assert duplicate.status_code == 200 and "mỗi địa bàn chỉ có một kế hoạch mỗi năm" in duplicate.content.decode()


def test_local_officer_cannot_pick_a_unit_outside_their_area(client, officer_d1, area_tree):
    client.force_login(officer_d1)
    response = client.post(url("plan_create"), {"unit": area_tree["province"].pk, "year": "2023", "title": "x"})
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    ok = client.post(url("plan_create"), {"unit": area_tree["d1"].pk, "year": "2023", "title": "Kế hoạch huyện 1"})
    assert ok.status_code == 302


def test_approved_plan_edit_asks_for_a_reason(client, office, plan):
    client.force_login(office)
    approve = client.post(url("plan_approve", plan.pk), {"reason": ""})
    assert approve.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    data = {
        "unit": plan.unit_id,
        "year": "2023",
        "number": plan.number,
        "issued_on": plan.issued_on.strftime("%d/%m/%Y"),
        "title": "Kế hoạch điều chỉnh",
        "issuer": plan.issuer,
        "legal_basis": "",
        "note": "",
        "version": plan.version,
    }
    form_page = client.get(url("plan_update", plan.pk))
    assert form_page.context["form"].fields["reason"].required
    assert "mọi thay đổi phải nêu lý do" in form_page.content.decode()
    refused = client.post(url("plan_update", plan.pk), {**data, "reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert Plan.objects.get(pk=plan.pk).title != "Kế hoạch điều chỉnh"
    saved = client.post(url("plan_update", plan.pk), {**data, "reason": "Theo ý kiến của UBND tỉnh"})
    assert saved.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(plan.pk), content_type__model="plan").latest("pk")
    assert entry.reason == "Theo ý kiến của UBND tỉnh" and entry.actor == office


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7 678,61", "7678.61"),
        ("7\u00a0678,61", "7678.61"),
        ("1 234 567", "1234567"),
    ],
)
def test_budget_amounts_are_read_like_imported_cells(client, office, plan, typed, stored):
    """Issue #13: the form reads amounts with ``ocop_portal.formatting.parse_number``, as the imports do, so
    thousands grouped with spaces (as Word and Excel paste them) are accepted too."""
    client.force_login(office)
    data = {"source": source("integrated").pk, "unit": plan.unit_id, "task": "promotion", "planned_mvnd": typed}
    response = client.post(url("budget_line_create", plan.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    assert BudgetLine.objects.get().planned_mvnd == Decimal(stored)


def test_budget_line_form_after_approval_needs_reason(client, office, plan):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client.force_login(office)
    data = {"source": source("integrated").pk, "unit": plan.unit_id, "task": "promotion", "planned_mvnd": "2.000"}
    refused = client.post(url("budget_line_create", plan.pk), data)
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    saved = client.post(url("budget_line_create", plan.pk), {**data, "reason": "Bổ sung vốn lồng ghép"})
    assert saved.status_code == 302
    line = BudgetLine.objects.get()
    assert line.planned_mvnd == Decimal("2000")
    edit = client.post(
        url("budget_line_update", line.pk),
        {**data, "planned_mvnd": "3.972,29", "disbursed_mvnd": "395,9", "reason": "Điều chỉnh", "version": 1},
    )
    assert edit.status_code == 302
    line.refresh_from_db()
    assert (line.planned_mvnd, line.disbursed_mvnd) == (Decimal("3972.29"), Decimal("395.9"))
    page = client.get(url("budget_line_update", line.pk)).content.decode()
    assert 'value="3.972,29"' in page


def test_plan_detail_shows_progress_at_a_date_and_drill_down(client, office, plan, area_tree):
    from products.tests.factories import ProductFactory

    t = TargetFactory(plan=plan, indicator_type=IndicatorType.FIVE_STAR_SUPPORT, target_value=Decimal("9"))
    products = [
        ProductFactory(unit=area_tree["c1"], subject__unit=area_tree["c1"], potential_five_star=True) for _ in range(3)
    ]
    client.force_login(office)
    response = client.get(url("plan_detail", plan.pk), {"on": "31/12/2023"})
    assert response.status_code == 200
    progress = response.context["progresses"][0]
    assert progress.actual.value == 3 and progress.percent == Decimal("33.33")
    html = response.content.decode()
    assert "33,33%" in html and "Chưa đạt" in html and 'style="width:33%"' in html
    assert f"?year=2023&amp;unit={plan.unit_id}" in html or f"?year=2023&unit={plan.unit_id}" in html
    records = client.get(url("target_records", t.pk), {"on": "31/12/2023"})
    assert records.status_code == 200
    assert set(records.context["records"]) == set(products)
    assert all(p.name in records.content.decode() for p in products)


def test_drill_down_is_paginated(client, office, plan, area_tree):
    from products.tests.factories import ProductFactory

    t = TargetFactory(plan=plan, indicator_type=IndicatorType.FIVE_STAR_SUPPORT, target_value=Decimal("9"))
    for _ in range(55):
        ProductFactory(unit=area_tree["c2"], subject__unit=area_tree["c2"], potential_five_star=True)
    client.force_login(office)
    first = client.get(url("target_records", t.pk))
    assert len(first.context["records"]) == 50 and first.context["is_paginated"]
    second = client.get(url("target_records", t.pk), {"page": 2})
    assert len(second.context["records"]) == 5


def test_entering_a_free_text_result_with_evidence_file(client, office, plan):
    t = TargetFactory(plan=plan, indicator_type=IndicatorType.FREE_TEXT, target_value=Decimal("1"), unit_label="lần")
    client.force_login(office)
    response = client.post(
        url("target_actual", t.pk),
        {
            "entered_value": "1",
            "evidence_text": "Tham gia Diễn đàn OCOP quốc tế tại Quảng Ninh",
            "evidence_file": SimpleUploadedFile("bao-cao.pdf", PDF),
            "version": 1,
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.entered_value == 1 and t.entered_by == office and t.evidence_name == "bao-cao.pdf"
    page = client.get(url("plan_detail", plan.pk)).content.decode()
    assert "Tham gia Diễn đàn OCOP quốc tế" in page and "Đạt" in page
    download = client.get(url("target_evidence", t.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    bad = client.post(
        url("target_actual", t.pk),
        {
            "entered_value": "1",
            "evidence_text": "x",
            "evidence_file": SimpleUploadedFile("x.pdf", b"<html>"),
            "version": 2,
        },
    )
    assert bad.status_code == 200 and bad.context["form"].errors["evidence_file"]


def test_target_create_and_delete_with_confirmation(client, office, plan):
    client.force_login(office)
    form = client.get(url("target_create", plan.pk))
    assert form.status_code == 200 and "Cách tính từ dữ liệu của cổng" in form.content.decode()
    created = client.post(
        url("target_create", plan.pk),
        {
            "number": "(4b)",
            "order": "50",
            "indicator_type": IndicatorType.SME_SHARE,
            "title": "Có ít nhất 30% chủ thể là doanh nghiệp nhỏ và vừa",
            "target_value": "30",
            "unit_label": "",
            "actual_mode": "computed",
            "baseline_value": "",
            "note": "",
        },
    )
    assert created.status_code == 302
    target = Target.objects.get()
    too_much = client.post(
        url("target_update", target.pk),
        {
            "indicator_type": IndicatorType.SME_SHARE,
            "title": "x",
            "target_value": "130",
            "actual_mode": "computed",
            "order": "1",
        },
    )
    assert too_much.status_code == 200 and too_much.context["form"].errors["target_value"]
    confirm = client.get(url("target_delete", target.pk))
    assert confirm.status_code == 200 and "Xoá vĩnh viễn" in confirm.content.decode()
    assert Target.objects.exists()
    assert client.post(url("target_delete", target.pk), {"reason": ""}).status_code == 302
    assert not Target.objects.exists()


def test_plan_delete_confirmation(client, office, plan):
    BudgetLineFactory(plan=plan)
    client.force_login(office)
    page = client.get(url("plan_delete", plan.pk))
    assert page.status_code == 200 and "1 dòng kinh phí" in page.content.decode()
    assert client.post(url("plan_delete", plan.pk), {"reason": "Lập nhầm"}).status_code == 302
    assert not Plan.objects.exists()


def test_budget_document_upload_download_and_scope(client, office, officer_d2, plan):
    line = BudgetLineFactory(plan=plan)
    client.force_login(office)
    bad = client.post(
        url("budget_document_upload", line.pk), {"title": "x", "file": SimpleUploadedFile("a.pdf", b"GIF89a")}
    )
    assert bad.status_code == 400 and "Chỉ chấp nhận tệp PDF, JPEG hoặc PNG" in bad.content.decode()
    ok = client.post(
        url("budget_document_upload", line.pk),
        {"title": "Quyết định giao vốn", "file": SimpleUploadedFile("qd.pdf", PDF)},
    )
    assert ok.status_code == 302
    document = BudgetDocument.objects.get()
    response = client.get(url("budget_document_download", document.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Quyết định giao vốn" in client.get(url("budget_line_detail", line.pk)).content.decode()
    client.force_login(officer_d2)
    assert client.get(url("budget_document_download", document.pk)).status_code == 404


def test_a_double_submitted_budget_document_is_attached_once(client, office, plan):
    """A double-click on "Tải lên" (or a reload after it) attaches the file once (issue #12, finding 11)."""
    line = BudgetLineFactory(plan=plan)
    client.force_login(office)
    for _attempt in range(2):
        response = client.post(
            url("budget_document_upload", line.pk),
            {"title": "Quyết định giao vốn", "file": SimpleUploadedFile("qd.pdf", PDF)},
        )
        assert response.status_code == 302
    assert BudgetDocument.objects.filter(line=line).count() == 1
    other = PDF.replace(b"%%EOF", b"% second file\n%%EOF")
    client.post(url("budget_document_upload", line.pk), {"title": "Khác", "file": SimpleUploadedFile("b.pdf", other)})
    assert BudgetDocument.objects.filter(line=line).count() == 2


def test_activities_list_filter_create_edit_delete(client, office, officer_d2, area_tree):
    ActivityFactory(
        unit=area_tree["d1"], title="Hội chợ OCOP Sa Đéc", kind="trade_fair", start_date=datetime.date(2022, 9, 1)
    )
    ActivityFactory(unit=area_tree["d2"], title="Tập huấn bao bì sản phẩm", participants=50, women_participants=30)
    client.force_login(office)
    page = client.get(url("activities"))
    assert page.status_code == 200 and len(page.context["activities"]) == 2
    assert page.context["summary"]["total"]["participants"] == 90
    assert [a.title for a in client.get(url("activities"), {"q": "hoi cho"}).context["activities"]] == [
        "Hội chợ OCOP Sa Đéc"
    ]
    assert len(client.get(url("activities"), {"year": 2023}).context["activities"]) == 1
    assert len(client.get(url("activities"), {"kind": "trade_fair"}).context["activities"]) == 1

    created = client.post(
        url("activity_create"),
        {
            "kind": "training",
            "title": "Tập huấn kỹ năng bán hàng trên Postmart",
            "start_date": "15/06/2023",
            "end_date": "16/06/2023",
            "unit": area_tree["d2"].pk,
            "organiser": "Bưu điện tỉnh",
            "sessions": "2",
            "participants": "60",
            "women_participants": "35",
            "cost_mvnd": "12,5",
            "funding_source": source("ntp_nrd").pk,
            "description": "",
        },
    )
    assert created.status_code == 302
    activity = Activity.objects.get(title="Tập huấn kỹ năng bán hàng trên Postmart")
    assert activity.cost_mvnd == Decimal("12.5")
    assert "12,5" in client.get(url("activity_detail", activity.pk)).content.decode()

    client.force_login(officer_d2)
    assert client.get(url("activity_delete", activity.pk)).status_code == 200
    assert client.post(url("activity_delete", activity.pk), {"reason": ""}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    hidden = Activity.objects.get(title="Hội chợ OCOP Sa Đéc")
    assert client.get(url("activity_detail", hidden.pk)).status_code == 404
    assert client.get(url("activity_update", hidden.pk)).status_code == 404
