"""Writes for chủ thể OCOP. Views, the API, commands and the demo loader all go through these functions.

Every function is keyword-only, runs in one transaction, checks the permission predicate, applies the business
rules (``subject_rule_errors``) and writes an audit entry.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scoping import in_scope
from areas.formatting import unit_name
from areas.services import ensure_in_force
from audit.models import AuditAction
from audit.services import record_change, snapshot
from ocop_portal.concurrency import check_version, claim_version
from ocop_portal.errors import ServiceError
from ocop_portal.validation import loaded_relations

from .models import Subject
from .permissions import (
    can_change_subject,
    can_create_subject,
    can_delete_subject,
    can_place_subject_in,
    may_set_subject_field,
)

# The fields a user may set; everything else (search_text, timestamps, created_by) is derived.
EDITABLE_FIELDS = [
    "name",
    "legal_form",
    "registration_number",
    "tax_code",
    "address",
    "unit",
    "representative_name",
    "representative_gender",
    "representative_ethnic_minority",
    "is_sme",
    "workforce_total",
    "workforce_local",
    "workforce_qualified",
    "phone",
    "email",
    "website",
    "status",
]

CODE_FIELDS = ("registration_number", "tax_code")


def normalize_code(value):
    """Registration numbers and tax codes are compared without spaces and in upper case: " 1400 12345a " -> "140012345A"."""
    return "".join(str(value or "").split()).upper()


def describe_subject(subject, user):
    """How a message names another subject: its name and unit if the user may see it, otherwise nothing about it."""
    if user is not None and in_scope(user, subject, "view"):
        return _("chủ thể “%(name)s” (%(unit)s)") % {"name": subject.name, "unit": unit_name(subject.unit)}
    return _("một chủ thể ở địa bàn khác (liên hệ Văn phòng Điều phối để kiểm tra)")


def duplicate_registration(subject):
    """The other subject already holding this registration number, if any."""
    number = normalize_code(subject.registration_number)
    if not number:
        return None
    return Subject.objects.filter(registration_number=number).exclude(pk=subject.pk).select_related("unit").first()


TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
PHONE = re.compile(r"^(0|\+84)\d{9,10}$")


def contact_errors(subject, before=None):
    """The forms a clerk expects of the codes and contacts, as {field: message}: a business registration number
    (required, as the import requires it), a tax code of 10 digits (10-3 for a branch), a Vietnamese phone number. Only a value being entered or changed is checked (``before``: the stored
    values), so an old record with a legacy value can still be edited without retyping it."""
    errors = {}
    before = before or {}

    def entered(field):
        value = getattr(subject, field, None)
        return value if value and value != before.get(field) else None

    if not normalize_code(getattr(subject, "registration_number", "")) and (
        subject.pk is None or before.get("registration_number")
    ):
        errors["registration_number"] = _(
            "Nhập số đăng ký kinh doanh: số trên giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã, hộ kinh doanh hoặc "
            "tổ hợp tác (vd. 1400123456). Chủ thể được nhận biết bằng số này, kể cả khi nhập dữ liệu từ Excel."
        )
    tax_code = entered("tax_code")
    if tax_code and not TAX_CODE.match(normalize_code(tax_code)):
        errors["tax_code"] = _(
            "Mã số thuế gồm 10 chữ số (vd. 1400123456); chi nhánh, đơn vị phụ thuộc thêm dấu gạch ngang và 3 chữ số "
            "(vd. 1400123456-001)."
        )
    phone = entered("phone")
    if phone and not PHONE.match(PHONE_SEPARATORS.sub("", phone)):
        errors["phone"] = _(
            "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84; được cách bằng dấu cách hoặc dấu chấm "
            "(vd. 0912 345 678, 0277 3 851 234)."
        )
    return errors


def subject_rule_errors(*, actor, subject, before=None):
    """Business rules of a subject about to be saved, as {field: message}. Fields still ``None`` are skipped
    (a form that already refused them), so the same function serves forms, the API and the services.
    ``before``: the stored values of an edited subject (``contact_errors`` checks only what changes)."""
    errors = contact_errors(subject, before)
    total = subject.workforce_total
    parts = (
        ("workforce_local", _("Số lao động địa phương")),
        ("workforce_qualified", _("Số lao động có bằng cấp/chứng chỉ nghề")),
    )
    for field, label in parts:
        value = getattr(subject, field)
        if total is not None and value is not None and value > total:
            errors[field] = _("%(label)s (%(value)s) không được lớn hơn tổng số lao động (%(total)s).") % {
                "label": label,
                "value": value,
                "total": total,
            }
    existing = duplicate_registration(subject)
    if existing is not None:
        errors["registration_number"] = _(
            "Số đăng ký kinh doanh %(number)s đã được dùng cho %(subject)s. Mỗi số đăng ký chỉ thuộc một chủ thể."
        ) % {"number": normalize_code(subject.registration_number), "subject": describe_subject(existing, actor)}
    current_unit = (before or {}).get("unit_id")
    if subject.unit_id and not can_place_subject_in(actor, subject.unit, current_unit):
        errors["unit"] = _("Đơn vị hành chính “%(unit)s” nằm ngoài địa bàn bạn quản lý.") % {
            "unit": unit_name(subject.unit)
        }
    return errors


def _validate(*, actor, subject, before=None, on=None):
    for field in CODE_FIELDS:
        setattr(subject, field, normalize_code(getattr(subject, field)))
    errors = {}
    try:
        # Relations the caller already loaded (the unit) are not fetched again; subject_rule_errors checks the
        # unit is in the user's area.
        exclude = ["search_text", "created_by", *loaded_relations(subject)]
        subject.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for field, message in subject_rule_errors(actor=actor, subject=subject, before=before).items():
        errors.setdefault(field, []).append(message)
    if subject.unit_id and (before is None or before.get("unit_id") != subject.unit_id) and "unit" not in errors:
        try:  # a new record, or one moved: only onto a unit in force (history keeps its unit)
            ensure_in_force(subject.unit, on=on)
        except ValidationError as exc:
            errors.setdefault("unit", []).extend(exc.message_dict["unit"])
    if errors:
        raise ValidationError(errors)


def _save(subject):
    try:
        with transaction.atomic():
            subject.save()
    except IntegrityError as exc:  # a concurrent save took the same registration number
        if "registration_number" in str(exc) or "unique_subject" in str(exc):
            raise ValidationError(
                {"registration_number": _("Số đăng ký kinh doanh này vừa được dùng cho một chủ thể khác.")}
            ) from exc
        raise


def _check_fields_allowed(actor, subject, before):
    """A producer changes only its profile (``subjects.permissions.PRODUCER_EDITABLE_FIELDS``): a change of its
    name, codes, legal form, unit or status is refused field by field (the commune officer makes those)."""
    errors = {}
    after = snapshot(subject)
    for field in EDITABLE_FIELDS:
        key = f"{field}_id" if field == "unit" else field
        if before.get(key) != after.get(key) and not may_set_subject_field(actor, field):
            errors[field] = _("Trường này do cán bộ xã xác minh; liên hệ cán bộ xã nếu cần sửa.")
    if errors:
        raise ValidationError(errors)


def _apply(subject, data):
    for field, value in data.items():
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field!r} cannot be set on a subject")
        setattr(subject, field, value)


def subject_create(*, actor, data, on=None):
    """Register a new subject. ``data`` maps field names of ``EDITABLE_FIELDS`` to values (``unit`` a unit).
    ``on``: the day the record is entered as of (today; a loader of history passes its own day): the unit must be
    in force then (``areas.services.ensure_in_force``)."""
    if not can_create_subject(actor):
        raise PermissionDenied(_("Bạn không có quyền thêm chủ thể OCOP."))
    subject = Subject(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(subject, data)
    with transaction.atomic():
        _validate(actor=actor, subject=subject, on=on)
        _save(subject)
        record_change(actor=actor, action=AuditAction.CREATE, instance=subject)
    return subject


def subject_update(*, actor, subject, data, reason="", expected_version=None):
    """Change a subject; ``data`` may hold only the changed fields (partial update).

    ``expected_version``: the version the user read (edit form, API); raises ``VersionConflict`` when someone
    saved since. ``None`` (imports, commands): no check."""
    with transaction.atomic():
        # Read the stored row again (locked): the caller's instance may already carry the new values.
        current = Subject.objects.select_for_update(of=("self",)).select_related("unit").get(pk=subject.pk)
        if not can_change_subject(actor, current):
            raise PermissionDenied(_("Bạn không có quyền sửa chủ thể này."))
        before = snapshot(current)
        _apply(current, data)
        _check_fields_allowed(actor, current, before)
        _validate(actor=actor, subject=current, before=before)
        changed = {k: v for k, v in snapshot(current).items() if before.get(k) != v and k != "updated_at"}
        if not changed:
            check_version(current, expected_version)
            return current
        claim_version(current, expected_version)
        _save(current)
        record_change(actor=actor, action=AuditAction.UPDATE, instance=current, before=before, reason=reason)
    return current


class SubjectInUse(ServiceError):
    """A subject that other records (products, documents, evaluations, decisions) still refer to (API: 409)."""

    code = "subject_in_use"

    def __init__(self, subject, references):
        self.subject = subject
        self.references = references
        super().__init__(self.message)

    @property
    def message(self):
        return _("Không thể xoá chủ thể “%(name)s” vì còn dữ liệu tham chiếu đến nó: %(refs)s.") % {
            "name": self.subject.name,
            "refs": describe_references(self.references),
        }


def group_references(objects, *, sample=5):
    """[(verbose_name_plural, count, [first names])] for the objects that block a delete, largest group first."""
    groups = {}
    for obj in objects:
        groups.setdefault(type(obj)._meta.verbose_name_plural, []).append(str(obj))
    result = [(str(label), len(names), sorted(names)[:sample]) for label, names in groups.items()]
    return sorted(result, key=lambda row: (-row[1], row[0]))


def describe_references(references):
    parts = []
    for label, count, names in references:
        more = count - len(names)
        listed = ", ".join(f"“{name}”" for name in names)
        if more > 0:
            listed += " " + ngettext("và %(n)d mục khác", "và %(n)d mục khác", more) % {"n": more}
        parts.append(f"{count} {label} ({listed})")
    return "; ".join(parts)


def subject_delete(*, actor, subject, reason=""):
    """Delete a subject nobody refers to; otherwise raise ``SubjectInUse`` listing what refers to it."""
    with transaction.atomic():
        current = Subject.objects.select_for_update(of=("self",)).select_related("unit").get(pk=subject.pk)
        if not can_delete_subject(actor, current):
            raise PermissionDenied(_("Bạn không có quyền xoá chủ thể này."))
        before = snapshot(current)
        pk = current.pk
        try:
            with transaction.atomic():
                current.delete()
        except (ProtectedError, RestrictedError) as exc:
            blockers = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
            raise SubjectInUse(current, group_references(blockers)) from exc
        current.pk = pk  # the audit entry names the deleted row
        record_change(actor=actor, action=AuditAction.DELETE, instance=current, before=before, reason=reason)
    return current
