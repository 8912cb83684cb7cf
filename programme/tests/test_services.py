"""Audit of plan and budget edits; a reason is required once the plan is approved; who may change what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditAction, AuditEntry
from programme import services
from programme.indicators import IndicatorType
from programme.models import BudgetLine, Plan, PlanStatus, Target

from .factories import ActivityFactory, BudgetLineFactory, TargetFactory, source

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def entries_for(obj):
    return AuditEntry.objects.filter(content_type__model=type(obj)._meta.model_name, object_id=str(obj.pk))


def approve(plan, actor):
    return services.plan_approve(actor=actor, plan=plan, reason="")


def test_plan_create_update_are_audited(office, area_tree):
    plan = services.plan_create(
        actor=office,
        data={"unit": area_tree["province"], "year": 2023, "title": " Kế hoạch OCOP năm 2023 ", "number": ""},
    )
    assert plan.status == PlanStatus.DRAFT and plan.title == "Kế hoạch OCOP năm 2023" and plan.created_by == office
    services.plan_update(actor=office, plan=plan, data={"number": "95/KH-UBND"})
    actions = list(entries_for(plan).order_by("pk").values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE]
    update = entries_for(plan).get(action=AuditAction.UPDATE)
    assert ("number", "", "95/KH-UBND") in update.changes()


def test_one_plan_per_unit_and_year(office, plan):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(actor=office, data={"unit": plan.unit, "year": plan.year, "title": "Trùng"})
    assert "year" in exc.value.message_dict


def test_approval_needs_number_and_date_then_changes_need_a_reason(office, plan):
    plan.number, plan.issued_on = "", None
    plan.save()
    with pytest.raises(ValidationError) as exc:
        approve(plan, office)
    assert set(exc.value.message_dict) == {"number", "issued_on"}

    services.plan_update(
        actor=office, plan=plan, data={"number": "95/KH-UBND", "issued_on": datetime.date(2023, 4, 20)}
    )
    plan = approve(plan, office)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == office
    assert entries_for(plan).filter(action=AuditAction.TRANSITION).exists()

    with pytest.raises(ValidationError) as exc:
        services.plan_update(actor=office, plan=plan, data={"title": "Kế hoạch điều chỉnh"}, reason="  ")
    assert "reason" in exc.value.message_dict
    assert Plan.objects.get(pk=plan.pk).title != "Kế hoạch điều chỉnh"

    services.plan_update(
        actor=office, plan=plan, data={"title": "Kế hoạch điều chỉnh"}, reason="Điều chỉnh theo Công văn 15/UBND"
    )
    entry = entries_for(plan).filter(action=AuditAction.UPDATE).latest("pk")
    assert entry.reason == "Điều chỉnh theo Công văn 15/UBND"
    assert ("title", entry.before["title"], "Kế hoạch điều chỉnh") in entry.changes()


def test_budget_line_changes_after_approval_need_a_reason_and_are_audited(office, plan):
    line = services.budget_line_create(
        actor=office,
        plan=plan,
        data={"source": source("ntp_nrd"), "unit": plan.unit, "task": "training", "planned_mvnd": Decimal("6464.79")},
    )
    assert entries_for(line).get().action == AuditAction.CREATE
    approve(plan, office)

    data = {"allocated_mvnd": Decimal("6000")}
    with pytest.raises(ValidationError):
        services.budget_line_update(actor=office, line=line, data=data)
    with pytest.raises(ValidationError):
        services.budget_line_create(
            actor=office, plan=plan, data={**data, "source": source("local"), "unit": plan.unit}
        )
    with pytest.raises(ValidationError):
        services.budget_line_delete(actor=office, line=line)
    assert BudgetLine.objects.get(pk=line.pk).allocated_mvnd is None

    services.budget_line_update(actor=office, line=line, data=data, reason="Quyết định giao vốn số 123/QĐ-UBND")
    entry = entries_for(line).latest("pk")
    assert entry.action == AuditAction.UPDATE and entry.reason == "Quyết định giao vốn số 123/QĐ-UBND"
    assert entry.before["allocated_mvnd"] is None and Decimal(entry.after["allocated_mvnd"]) == Decimal("6000")

    services.budget_line_delete(actor=office, line=line, reason="Nhập trùng")
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert entries_for(line).latest("pk").action == AuditAction.DELETE


def test_targets_of_an_approved_plan_need_a_reason_but_entering_results_does_not(office, plan):
    target = TargetFactory(plan=plan, indicator_type=IndicatorType.FREE_TEXT, target_value=Decimal("1"))
    approve(plan, office)
    with pytest.raises(ValidationError):
        services.target_update(actor=office, target=target, data={"target_value": Decimal("2")})
    services.target_update(actor=office, target=target, data={"target_value": Decimal("2")}, reason="Bổ sung")
    services.target_record_actual(actor=office, target=target, value=Decimal("1"), evidence_text="Biên bản")
    target.refresh_from_db()
    assert target.target_value == 2 and target.entered_value == 1 and target.entered_by == office


def test_reopen_needs_a_reason_and_approved_plan_cannot_be_deleted(office, plan):
    approve(plan, office)
    with pytest.raises(ValidationError):
        services.plan_delete(actor=office, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_reopen(actor=office, plan=plan, reason="")
    plan = services.plan_reopen(actor=office, plan=plan, reason="Điều chỉnh kế hoạch")
    assert plan.status == PlanStatus.DRAFT
    assert entries_for(plan).filter(action=AuditAction.TRANSITION, reason="Điều chỉnh kế hoạch").exists()


def test_deleting_a_draft_plan_logs_its_targets_and_lines(office, plan):
    target = TargetFactory(plan=plan)
    line = BudgetLineFactory(plan=plan)
    services.plan_delete(actor=office, plan=plan, reason="Lập nhầm")
    assert not Plan.objects.filter(pk=plan.pk).exists() and not Target.objects.exists()
    for obj in (plan, target, line):
        assert entries_for(obj).get(action=AuditAction.DELETE).reason == "Lập nhầm"


def test_who_may_change_plans(area_tree, plan, district_plan, office, leader, officer_d1, officer_d2):
    data = {"title": "Sửa"}
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=leader, plan=plan, data=data)
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=officer_d1, plan=plan, data=data)  # the province's plan
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=officer_d2, plan=district_plan, data=data)  # another district's plan
    services.plan_update(actor=officer_d1, plan=district_plan, data=data)
    services.plan_update(actor=office, plan=district_plan, data={"title": "Sửa lần 2"})
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=officer_d1, data={"unit": area_tree["province"], "year": 2024, "title": "x"})
    own = services.plan_create(actor=officer_d1, data={"unit": area_tree["c1"], "year": 2024, "title": "Xã 1"})
    assert own.unit == area_tree["c1"]


def test_budget_line_area_must_be_inside_the_plan_area(office, district_plan, area_tree):
    data = {"source": source("local_district"), "unit": area_tree["d2"], "planned_mvnd": Decimal("10")}
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(actor=office, plan=district_plan, data=data)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(
            actor=office, plan=district_plan, data={**data, "unit": area_tree["c1"], "planned_mvnd": None}
        )
    assert "planned_mvnd" in exc.value.message_dict


def test_budget_document_is_checked_by_content_and_audited(office, plan, settings):
    line = BudgetLineFactory(plan=plan)
    document = services.budget_document_upload(
        actor=office, line=line, uploaded_file=SimpleUploadedFile("qd-giao-von.pdf", PDF), title="QĐ giao vốn"
    )
    assert document.content_type == "application/pdf" and document.original_name == "qd-giao-von.pdf"
    assert document.storage_key.endswith(".pdf") and document.file.read() == PDF
    assert entries_for(document).get().action == AuditAction.CREATE
    with pytest.raises(ValidationError) as exc:
        services.budget_document_upload(
            actor=office, line=line, uploaded_file=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert "file" in exc.value.message_dict


def test_activity_rules(office, officer_d2, area_tree):
    data = {
        "kind": "training",
        "title": "Tập huấn TMĐT",
        "start_date": datetime.date(2023, 5, 2),
        "unit": area_tree["d1"],
        "sessions": 2,
        "participants": 30,
        "women_participants": 31,
    }
    with pytest.raises(ValidationError) as exc:
        services.activity_create(actor=office, data=data)
    assert "women_participants" in exc.value.message_dict
    activity = services.activity_create(actor=office, data={**data, "women_participants": 18})
    assert entries_for(activity).get().action == AuditAction.CREATE
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=officer_d2, activity=activity, data={"sessions": 3})
    other = ActivityFactory(unit=area_tree["d2"])
    services.activity_delete(actor=officer_d2, activity=other, reason="Trùng")
    assert entries_for(other).get(action=AuditAction.DELETE).reason == "Trùng"
