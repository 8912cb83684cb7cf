"""Writes of the producers app: a producer's registration, and the commune officer's verification (link the account
to an existing subject, create the subject from what the producer typed, or reject with a reason).

Every function is keyword-only, runs in one transaction, checks its predicate (``producers.permissions``) and writes
an audit entry (``audit.services.record_change``): who, when, why. Refusals are ``ValidationError`` (field messages in
Vietnamese) or ``PermissionDenied``, mapped onto forms by ``ocop_portal.errors``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import in_scope
from areas.models import AdministrativeUnit, UnitLevel
from audit.models import AuditAction
from audit.services import record_change, snapshot
from subjects import services as subject_services
from subjects.services import PHONE, PHONE_SEPARATORS, TAX_CODE, normalize_code

from . import selectors
from .models import ProducerAccount, ProducerAccountStatus
from .permissions import can_verify_producers

REGISTRATION_FIELDS = (
    "registration_number",
    "tax_code",
    "organisation_name",
    "representative_name",
    "commune",
    "address",
    "phone",
    "email",
)


def registration_errors(data):
    """The rules of a producer's registration as {field: message} (the form shows them next to the fields)."""
    errors = {}
    User = get_user_model()
    username = (data.get("username") or "").strip()
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("Tên đăng nhập này đã có người dùng; hãy chọn tên khác (vd. htx.senhong2).")
    number = normalize_code(data.get("registration_number"))
    if not number:
        errors["registration_number"] = _(
            "Nhập số đăng ký kinh doanh: số trên giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã hoặc hộ kinh doanh "
            "(vd. 1400123456)."
        )
    tax_code = normalize_code(data.get("tax_code"))
    if tax_code and not TAX_CODE.match(tax_code):
        errors["tax_code"] = _(
            "Mã số thuế gồm 10 chữ số (vd. 1400123456); chi nhánh thêm dấu gạch ngang và 3 chữ số (vd. 1400123456-001)."
        )
    phone = data.get("phone") or ""
    if not PHONE.match(PHONE_SEPARATORS.sub("", phone)):
        errors["phone"] = _("Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84 (vd. 0912 345 678).")
    commune = data.get("commune")
    if commune is not None and not _is_commune_in_force(commune):
        errors["commune"] = _("Hãy chọn xã, phường, đặc khu đang hoạt động (sau sắp xếp đơn vị hành chính).")
    return errors


def _is_commune_in_force(unit):
    return (
        unit.level == UnitLevel.COMMUNE
        and AdministrativeUnit.objects.in_force(timezone.localdate()).filter(pk=unit.pk).exists()
    )


@transaction.atomic
def register_producer(*, data):
    """Create the producer's login (``Role.PRODUCER``, no unit) and its account, waiting for the commune's
    verification. ``data``: username, password, full_name (optional) and ``REGISTRATION_FIELDS``. The audit entry
    names the new account as the actor (nobody was signed in)."""
    errors = registration_errors(data)
    User = get_user_model()
    candidate = User(username=(data.get("username") or "").strip(), email=data.get("email") or "")
    try:
        validate_password(data.get("password") or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(
        username=candidate.username,
        password=data["password"],
        email=data.get("email") or "",
        full_name=data.get("representative_name", "")[:150],
        phone=data.get("phone") or "",
        role=Role.PRODUCER,
    )
    account = ProducerAccount(user=user, status=ProducerAccountStatus.PENDING)
    for field in REGISTRATION_FIELDS:
        if field in data:
            setattr(account, field, data[field])
    account.registration_number = normalize_code(account.registration_number)
    account.tax_code = normalize_code(account.tax_code)
    account.full_clean(exclude=["user", "commune"])
    account.save()
    record_change(actor=user, action=AuditAction.CREATE, instance=account, reason=_("Chủ thể tự đăng ký tài khoản"))
    return account


def _locked(account, actor, *, statuses=(ProducerAccountStatus.PENDING,)):
    if not can_verify_producers(actor, account):
        raise PermissionDenied(_("Bạn không có quyền xác minh tài khoản chủ thể này."))
    current = ProducerAccount.objects.select_for_update().select_related("user", "commune").get(pk=account.pk)
    if current.status not in statuses:
        raise ValidationError(
            _("Tài khoản này đang ở trạng thái “%(status)s”; không thể thực hiện thao tác này.")
            % {"status": current.get_status_display()}
        )
    return current


def _verify(actor, account, subject, reason):
    before = snapshot(account)
    account.subject = subject
    account.status = ProducerAccountStatus.VERIFIED
    account.verified_by = actor
    account.verified_at = timezone.now()
    account.rejection_reason = ""
    account.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=account, before=before, reason=reason)
    selectors.forget(account.user)
    return account


@transaction.atomic
def verify_link(*, actor, account, subject, reason=""):
    """Verify the account and let it act for ``subject`` (an existing subject of the officer's area). Several
    accounts may act for one subject."""
    account = _locked(account, actor)
    if subject is None or not in_scope(actor, subject, "change"):
        raise ValidationError({"subject": _("Hãy chọn một chủ thể thuộc địa bàn bạn quản lý.")})
    why = reason or _("Xác minh, gắn với chủ thể “%(subject)s”") % {"subject": subject.name}
    return _verify(actor, account, subject, why)


@transaction.atomic
def verify_create(*, actor, account, data, reason=""):
    """Create the subject from the registration data (``data``: the subject form, prefilled with what the producer
    typed and completed by the officer) through ``subjects.services``, then verify the account for it."""
    account = _locked(account, actor)
    subject = subject_services.subject_create(actor=actor, data=data)
    why = reason or _("Xác minh, tạo chủ thể mới “%(subject)s” từ thông tin đăng ký") % {"subject": subject.name}
    return _verify(actor, account, subject, why)


@transaction.atomic
def reject(*, actor, account, reason):
    """Refuse the account with a reason the producer reads on its page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do từ chối để chủ thể biết cần làm gì.")})
    account = _locked(account, actor)
    before = snapshot(account)
    account.status = ProducerAccountStatus.REJECTED
    account.rejection_reason = reason
    account.verified_by = actor
    account.verified_at = timezone.now()
    account.save()
    record_change(actor=actor, action=AuditAction.UPDATE, instance=account, before=before, reason=reason)
    selectors.forget(account.user)
    return account


def subject_initial(account):
    """What the producer typed, as the initial data of the subject form (the officer completes the rest)."""
    return {
        "name": account.organisation_name,
        "registration_number": account.registration_number,
        "tax_code": account.tax_code,
        "address": account.address,
        "unit": account.commune_id,
        "representative_name": account.representative_name,
        "phone": account.phone,
        "email": account.email,
        "workforce_total": 0,
        "workforce_local": 0,
        "workforce_qualified": 0,
    }


def upload_document(*, actor, subject, document_type, file, product=None, title="", issued_on=None, valid_until=None):
    """A producer's (or officer's) upload to the dossier, through ``products.services.document_upload``."""
    from products import services as product_services

    return product_services.document_upload(
        actor=actor,
        subject=subject,
        product=product,
        document_type=document_type,
        uploaded_file=file,
        title=title,
        issued_on=issued_on,
        valid_until=valid_until,
    )


@transaction.atomic
def replace_document(*, actor, document, file, title="", issued_on=None, valid_until=None, **_ignored):
    """Replace a document by a new file of the same type (a renewed certificate, a better photo): the new one is
    stored and the old one deleted in one transaction, both audited, through ``products.services``."""
    from products import services as product_services

    new = product_services.document_upload(
        actor=actor,
        subject=document.subject,
        product=document.product,
        document_type=document.document_type,
        uploaded_file=file,
        title=title or document.title,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    product_services.document_delete(actor=actor, document=document, reason=_("Thay bằng tệp mới"))
    return new
