"""Writes for plans, targets, budget lines, budget documents and activities.

Every function is keyword-only, runs in one transaction, checks the permission predicate, applies the rules and
writes an audit entry. The rule that matters most: once a plan is approved, any change to it, to its targets or
to its budget lines needs a reason (refused without one; the reason is stored in the audit entry). Recording a
target's achieved result (entered actual with evidence) is progress reporting, not a change of the plan, and
needs no reason.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.selectors import within
from areas.services import ensure_in_force
from audit.models import AuditAction
from audit.services import record_change, snapshot
from ocop_portal.concurrency import check_version, claim_version
from products import uploads

from .indicators import IndicatorType, indicator_for
from .models import Activity, ActualMode, BudgetDocument, BudgetLine, Plan, PlanStatus, Target
from .permissions import can_edit_activity, can_edit_plan, can_use_unit

PLAN_FIELDS = ["unit", "year", "number", "issued_on", "title", "issuer", "legal_basis", "note"]
TARGET_FIELDS = [
    "number",
    "order",
    "indicator_type",
    "title",
    "target_value",
    "unit_label",
    "actual_mode",
    "baseline_value",
    "note",
]
BUDGET_LINE_FIELDS = [
    "source",
    "unit",
    "task",
    "description",
    "planned_mvnd",
    "allocated_mvnd",
    "disbursed_mvnd",
    "document_reference",
    "note",
]
ACTIVITY_FIELDS = [
    "kind",
    "title",
    "start_date",
    "end_date",
    "unit",
    "organiser",
    "sessions",
    "participants",
    "women_participants",
    "cost_mvnd",
    "funding_source",
    "description",
]


class PlanLocked(ValidationError):
    """A change to an approved plan without a reason."""


# --------------------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------------------


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _assign(instance, data, fields):
    for field in fields:
        if field in data:
            setattr(instance, field, _strip(data[field]))


def _full_clean(instance, exclude=()):
    errors = {}
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _require_plan_edit(actor, plan):
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))


def require_reason(plan, reason):
    """An approved plan (and its targets and budget lines) changes only with a reason."""
    if plan.status == PlanStatus.APPROVED and not (reason or "").strip():
        raise PlanLocked(
            {"reason": _("Kế hoạch đã được phê duyệt: hãy nêu lý do thay đổi (lý do được ghi vào nhật ký).")}
        )
    return (reason or "").strip()


def _in_plan_area(plan, unit):
    return unit is not None and within(unit, plan.unit)


def _remove_file_on_commit(field_file):
    storage, name = field_file.storage, field_file.name
    if not name:
        return

    def remove():
        if storage.exists(name):
            storage.delete(name)

    transaction.on_commit(remove)


def _checked_upload(uploaded_file, field):
    try:
        size = uploads.check_size(uploaded_file)
        content_type = uploads.detect_content_type(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return size, content_type


# --------------------------------------------------------------------------------------------------------------
# Plans
# --------------------------------------------------------------------------------------------------------------


def _unit_in_force(errors, unit, *, on, until=None, before=None):
    """A record created on, or moved to, a unit that was not in force in its period is refused naming the unit's
    successors (``areas.services.ensure_in_force``); a record left on its unit keeps it (history)."""
    if unit is None or on is None or (before is not None and before.get("unit_id") == unit.pk):
        return
    try:
        ensure_in_force(unit, on=on, until=until)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _year_span(year):
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31)) if year else (None, None)


def _plan_errors(*, actor, plan, before=None):
    errors = _full_clean(plan, exclude=["created_by"])
    start, end = _year_span(plan.year)
    _unit_in_force(errors, plan.unit if plan.unit_id else None, on=start, until=end, before=before)
    if plan.unit_id and not can_use_unit(actor, plan.unit):
        errors.setdefault("unit", []).append(
            _("Đơn vị “%(unit)s” nằm ngoài địa bàn bạn quản lý.") % {"unit": plan.unit.name}
        )
    if plan.unit_id and plan.year:
        clash = Plan.objects.filter(unit_id=plan.unit_id, year=plan.year).exclude(pk=plan.pk).exists()
        if clash:
            errors.setdefault("year", []).append(
                _("Địa bàn này đã có kế hoạch năm %(year)s; mỗi địa bàn chỉ có một kế hoạch mỗi năm.")
                % {"year": plan.year}
            )
    if plan.issued_on and plan.year and abs(plan.issued_on.year - plan.year) > 1:
        errors.setdefault("issued_on", []).append(_("Ngày ban hành phải thuộc năm kế hoạch hoặc năm liền trước."))
    return errors


def _save_plan(plan):
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise ValidationError({"year": _("Địa bàn này vừa được tạo kế hoạch cho năm này.")}) from exc


@transaction.atomic
def plan_create(*, actor, data):
    if not can_use_unit(actor, data.get("unit")):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho địa bàn này."))
    plan = Plan(created_by=actor, status=PlanStatus.DRAFT)
    _assign(plan, data, PLAN_FIELDS)
    _raise(_plan_errors(actor=actor, plan=plan))
    _save_plan(plan)
    record_change(actor=actor, action=AuditAction.CREATE, instance=plan)
    return plan


@transaction.atomic
def plan_update(*, actor, plan, data, reason="", expected_version=None):
    """``expected_version``: the version the user read (edit form, API); ``VersionConflict`` when someone saved
    since. ``None`` (imports, commands): no check."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    check_version(plan, expected_version)
    reason = require_reason(plan, reason)
    before = snapshot(plan)
    _assign(plan, data, PLAN_FIELDS)
    _raise(_plan_errors(actor=actor, plan=plan, before=before))
    claim_version(plan, expected_version)
    _save_plan(plan)
    record_change(actor=actor, action=AuditAction.UPDATE, instance=plan, before=before, reason=reason)
    return plan


@transaction.atomic
def plan_approve(*, actor, plan, reason=""):
    """Record that the plan was approved (issued). The number and date of the issued plan are required."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(_("Kế hoạch đã ở trạng thái phê duyệt."))
    errors = {}
    if not plan.number:
        errors["number"] = _("Nhập số, ký hiệu của kế hoạch trước khi ghi nhận phê duyệt.")
    if not plan.issued_on:
        errors["issued_on"] = _("Nhập ngày ban hành của kế hoạch trước khi ghi nhận phê duyệt.")
    _raise(errors)
    before = snapshot(plan)
    plan.status = PlanStatus.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    claim_version(plan)  # an open edit form of the plan must notice the approval
    plan.save()
    record_change(actor=actor, action=AuditAction.TRANSITION, instance=plan, before=before, reason=reason.strip())
    return plan


@transaction.atomic
def plan_reopen(*, actor, plan, reason=""):
    """Return an approved plan to draft (e.g. the plan is being amended): always with a reason."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Chỉ kế hoạch đã phê duyệt mới chuyển về dự thảo."))
    reason = require_reason(plan, reason)
    before = snapshot(plan)
    plan.status = PlanStatus.DRAFT
    plan.approved_at = None
    plan.approved_by = None
    claim_version(plan)
    plan.save()
    record_change(actor=actor, action=AuditAction.TRANSITION, instance=plan, before=before, reason=reason)
    return plan


@transaction.atomic
def plan_delete(*, actor, plan, reason=""):
    """Delete a draft plan with its targets, budget lines and documents (each deletion is logged)."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(
            _("Kế hoạch đã phê duyệt không xoá được. Hãy chuyển về dự thảo (nêu lý do) nếu thật sự cần xoá.")
        )
    reason = (reason or "").strip()
    for document in BudgetDocument.objects.filter(line__plan=plan):
        _remove_file_on_commit(document.file)
        record_change(
            actor=actor, action=AuditAction.DELETE, instance=document, before=snapshot(document), reason=reason
        )
    for line in plan.budget_lines.all():
        record_change(actor=actor, action=AuditAction.DELETE, instance=line, before=snapshot(line), reason=reason)
    for target in plan.targets.all():
        if target.evidence_file:
            _remove_file_on_commit(target.evidence_file)
        record_change(actor=actor, action=AuditAction.DELETE, instance=target, before=snapshot(target), reason=reason)
    record_change(actor=actor, action=AuditAction.DELETE, instance=plan, before=snapshot(plan), reason=reason)
    plan.delete()


# --------------------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------------------


def _target_errors(target):
    errors = _full_clean(target, exclude=["plan", "evidence_file"])
    if target.indicator_type == IndicatorType.FREE_TEXT:
        target.actual_mode = ActualMode.ENTERED
    if target.target_value is not None and target.target_value < 0:
        errors.setdefault("target_value", []).append(_("Giá trị chỉ tiêu không được âm."))
    if (
        target.indicator_type
        and target.target_value is not None
        and indicator_for(target.indicator_type).unit == "%"
        and not target.unit_label
        and target.target_value > 100
    ):
        errors.setdefault("target_value", []).append(_("Chỉ tiêu tỷ lệ không vượt quá 100%."))
    return errors


@transaction.atomic
def target_create(*, actor, plan, data, reason=""):
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    reason = require_reason(plan, reason)
    target = Target(plan=plan)
    _assign(target, data, TARGET_FIELDS)
    if not target.order:
        target.order = (plan.targets.count() + 1) * 10
    _raise(_target_errors(target))
    target.save()
    record_change(actor=actor, action=AuditAction.CREATE, instance=target, reason=reason)
    return target


@transaction.atomic
def target_update(*, actor, target, data, reason="", expected_version=None):
    """``expected_version`` as in ``plan_update``."""
    target = Target.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=target.pk)
    _require_plan_edit(actor, target.plan)
    check_version(target, expected_version)
    reason = require_reason(target.plan, reason)
    before = snapshot(target)
    _assign(target, data, TARGET_FIELDS)
    _raise(_target_errors(target))
    claim_version(target, expected_version)
    target.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=target, before=before, reason=reason)
    return target


@transaction.atomic
def target_delete(*, actor, target, reason=""):
    target = Target.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=target.pk)
    _require_plan_edit(actor, target.plan)
    reason = require_reason(target.plan, reason)
    if target.evidence_file:
        _remove_file_on_commit(target.evidence_file)
    record_change(actor=actor, action=AuditAction.DELETE, instance=target, before=snapshot(target), reason=reason)
    target.delete()


@transaction.atomic
def target_record_actual(
    *, actor, target, value, evidence_text="", evidence_file=None, remove_file=False, expected_version=None
):
    """Enter the achieved result of a target whose actual is not computed (free text, or switched to "entered"),
    with its evidence (text and/or a PDF/PNG/JPEG checked by content); who and when are kept.
    ``expected_version`` as in ``plan_update`` (the result form sends it)."""
    target = Target.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=target.pk)
    _require_plan_edit(actor, target.plan)
    check_version(target, expected_version)  # before any file is stored
    if not target.uses_entered_actual:
        raise ValidationError(
            _("Kết quả của chỉ tiêu này được tính từ dữ liệu của cổng; đổi cách lấy kết quả sang “nhập tay” trước.")
        )
    errors = {}
    if value is not None and value < 0:
        errors["entered_value"] = _("Kết quả không được âm.")
    evidence_text = (evidence_text or "").strip()
    if value is not None and not evidence_text and not evidence_file and not target.evidence_file:
        errors["evidence_text"] = _("Ghi minh chứng hoặc đính kèm tệp minh chứng cho kết quả đã nhập.")
    _raise(errors)
    before = snapshot(target)
    old_file = target.evidence_file if (evidence_file or remove_file) and target.evidence_file else None
    if evidence_file is not None:
        _size, content_type = _checked_upload(evidence_file, "evidence_file")
        target.evidence_key = uploads.new_storage_key(content_type)
        target.evidence_name = uploads.sanitize_filename(getattr(evidence_file, "name", ""))
        target.evidence_file.save(target.evidence_key, evidence_file, save=False)
    elif remove_file:
        target.evidence_file = None
        target.evidence_key = ""
        target.evidence_name = ""
    target.entered_value = value
    target.evidence_text = evidence_text
    target.entered_at = timezone.now()
    target.entered_by = actor
    claim_version(target, expected_version)
    target.save()
    if old_file is not None:
        _remove_file_on_commit(old_file)
    record_change(actor=actor, action=AuditAction.UPDATE, instance=target, before=before)
    return target


# --------------------------------------------------------------------------------------------------------------
# Budget lines and their documents
# --------------------------------------------------------------------------------------------------------------


def _budget_line_errors(line, plan, before=None):
    errors = _full_clean(line, exclude=["plan", "created_by"])
    start, end = _year_span(plan.year)
    _unit_in_force(errors, line.unit if line.unit_id else None, on=start, until=end, before=before)
    if line.unit_id and not _in_plan_area(plan, line.unit):
        errors.setdefault("unit", []).append(
            _("Địa bàn “%(unit)s” không thuộc địa bàn của kế hoạch (%(plan_unit)s).")
            % {"unit": line.unit.name, "plan_unit": plan.unit.name}
        )
    if line.planned_mvnd is None and line.allocated_mvnd is None and line.disbursed_mvnd is None:
        errors.setdefault("planned_mvnd", []).append(
            _("Nhập ít nhất một số tiền: kế hoạch, đã phân bổ hoặc đã giải ngân.")
        )
    if line.source_id and not line.source.is_active and line.pk is None:
        errors.setdefault("source", []).append(_("Nguồn vốn này không còn sử dụng."))
    return errors


@transaction.atomic
def budget_line_create(*, actor, plan, data, reason=""):
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    _require_plan_edit(actor, plan)
    reason = require_reason(plan, reason)
    line = BudgetLine(plan=plan, created_by=actor)
    _assign(line, data, BUDGET_LINE_FIELDS)
    _raise(_budget_line_errors(line, plan))
    line.save()
    record_change(actor=actor, action=AuditAction.CREATE, instance=line, reason=reason)
    return line


@transaction.atomic
def budget_line_update(*, actor, line, data, reason="", expected_version=None):
    """``expected_version`` as in ``plan_update``."""
    line = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "source", "unit")
        .get(pk=line.pk)
    )
    plan = line.plan
    _require_plan_edit(actor, plan)
    check_version(line, expected_version)
    reason = require_reason(plan, reason)
    before = snapshot(line)
    _assign(line, data, BUDGET_LINE_FIELDS)
    _raise(_budget_line_errors(line, plan, before=before))
    claim_version(line, expected_version)
    line.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=line, before=before, reason=reason)
    return line


@transaction.atomic
def budget_line_delete(*, actor, line, reason=""):
    line = BudgetLine.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=line.pk)
    _require_plan_edit(actor, line.plan)
    reason = require_reason(line.plan, reason)
    for document in line.documents.all():
        _remove_file_on_commit(document.file)
        record_change(
            actor=actor, action=AuditAction.DELETE, instance=document, before=snapshot(document), reason=reason
        )
    record_change(actor=actor, action=AuditAction.DELETE, instance=line, before=snapshot(line), reason=reason)
    line.delete()


@transaction.atomic
def budget_document_upload(*, actor, line, uploaded_file, title="", reason=""):
    """Attach a supporting document (PDF/PNG/JPEG, type decided from the content) to a budget line.

    The same file sent twice to the same line (a double-click, a reload after the upload) is attached once: the
    line is locked while its documents are compared, and the existing document is returned."""
    line = BudgetLine.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=line.pk)
    _require_plan_edit(actor, line.plan)
    reason = require_reason(line.plan, reason)
    if uploaded_file is None:
        raise ValidationError({"file": _("Hãy chọn tệp cần tải lên.")})
    size, content_type = _checked_upload(uploaded_file, "file")
    existing = line.documents.filter(sha256=uploads.sha256_of(uploaded_file)).first()
    if existing is not None:
        return existing
    original = uploads.sanitize_filename(getattr(uploaded_file, "name", ""))
    document = BudgetDocument(
        line=line,
        title=(title or "").strip() or original,
        storage_key=uploads.new_storage_key(content_type),
        original_name=original,
        content_type=content_type,
        size=size,
        sha256=uploads.sha256_of(uploaded_file),
        uploaded_by=actor,
    )
    document.file.save(document.storage_key, uploaded_file, save=False)
    try:
        document.save()
        record_change(actor=actor, action=AuditAction.CREATE, instance=document, reason=reason)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def budget_document_delete(*, actor, document, reason=""):
    document = BudgetDocument.objects.select_related("line__plan__unit").get(pk=document.pk)
    _require_plan_edit(actor, document.line.plan)
    reason = require_reason(document.line.plan, reason)
    _remove_file_on_commit(document.file)
    record_change(actor=actor, action=AuditAction.DELETE, instance=document, before=snapshot(document), reason=reason)
    document.delete()


# --------------------------------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------------------------------


def _activity_errors(*, actor, activity, before=None):
    errors = _full_clean(activity, exclude=["created_by", "search_text"])
    _unit_in_force(
        errors, activity.unit if activity.unit_id else None, on=activity.start_date,
        until=activity.end_date, before=before,
    )  # fmt: skip
    if activity.unit_id and not can_use_unit(actor, activity.unit):
        errors.setdefault("unit", []).append(
            _("Đơn vị “%(unit)s” nằm ngoài địa bàn bạn quản lý.") % {"unit": activity.unit.name}
        )
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        errors.setdefault("end_date", []).append(_("Ngày kết thúc không được trước ngày bắt đầu."))
    if (
        activity.women_participants is not None
        and activity.participants is not None
        and activity.women_participants > activity.participants
    ):
        errors.setdefault("women_participants", []).append(
            _("Số nữ (%(women)s) không được lớn hơn số người tham dự (%(total)s).")
            % {"women": activity.women_participants, "total": activity.participants}
        )
    if activity.sessions == 0:
        errors.setdefault("sessions", []).append(_("Số lớp / kỳ / buổi phải từ 1 trở lên."))
    return errors


@transaction.atomic
def activity_create(*, actor, data):
    if not can_use_unit(actor, data.get("unit")):
        raise PermissionDenied(_("Bạn không có quyền ghi hoạt động cho địa bàn này."))
    activity = Activity(created_by=actor)
    _assign(activity, data, ACTIVITY_FIELDS)
    _raise(_activity_errors(actor=actor, activity=activity))
    activity.save()
    record_change(actor=actor, action=AuditAction.CREATE, instance=activity)
    return activity


@transaction.atomic
def activity_update(*, actor, activity, data, reason=""):
    activity = Activity.objects.select_for_update(of=("self",)).select_related("unit").get(pk=activity.pk)
    if not can_edit_activity(actor, activity):
        raise PermissionDenied(_("Bạn không có quyền sửa hoạt động này."))
    before = snapshot(activity)
    _assign(activity, data, ACTIVITY_FIELDS)
    _raise(_activity_errors(actor=actor, activity=activity, before=before))
    activity.save()
    record_change(
        actor=actor, action=AuditAction.UPDATE, instance=activity, before=before, reason=(reason or "").strip()
    )
    return activity


@transaction.atomic
def activity_delete(*, actor, activity, reason=""):
    activity = Activity.objects.select_for_update(of=("self",)).select_related("unit").get(pk=activity.pk)
    if not can_edit_activity(actor, activity):
        raise PermissionDenied(_("Bạn không có quyền xoá hoạt động này."))
    record_change(
        actor=actor,
        action=AuditAction.DELETE,
        instance=activity,
        before=snapshot(activity),
        reason=(reason or "").strip(),
    )
    activity.delete()
