"""Writes about accounts, with their business rules, audited, each in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.formatting import unit_name
from areas.selectors import proposed_successor
from audit.models import AuditAction
from audit.services import record_change

from .models import Role, User
from .permissions import can_reassign_accounts
from .scoping import in_scope


@transaction.atomic
def reassign_accounts(*, actor, users, unit=None, reason=""):
    """Move accounts of abolished units to a unit in force: to ``unit`` when given, else each to the proposed
    successor of its own unit (``areas.selectors.proposed_successor``). Administrators only, accounts and target
    inside their area; all or nothing; one audit entry per account (only the unit, never the password hash).
    Returns the accounts moved."""
    if not can_reassign_accounts(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được chuyển đơn vị của tài khoản."))
    ids = [getattr(u, "pk", u) for u in users]
    if not ids:
        raise ValidationError({"users": _("Chọn ít nhất một tài khoản.")})
    accounts = list(
        User.objects.restrict(actor, "manage_users")
        .filter(pk__in=ids)
        .select_related("unit")
        .select_for_update(of=("self",))
    )
    if len(accounts) != len(set(ids)):
        raise PermissionDenied(_("Có tài khoản ngoài phạm vi quản lý của bạn."))
    today = timezone.localdate()
    moved = []
    for account in accounts:
        target = unit or proposed_successor(account.unit)
        if target is None:
            raise ValidationError(
                {"unit": _("Đơn vị %(unit)s không có đơn vị kế thừa đề xuất: hãy chọn đơn vị mới.")
                 % {"unit": unit_name(account.unit)}}
            )  # fmt: skip
        if not target.is_in_force(today):
            raise ValidationError({"unit": _("Đơn vị %(unit)s không còn hiệu lực.") % {"unit": unit_name(target)}})
        if not in_scope(actor, target, "manage_users"):
            raise PermissionDenied(_("Đơn vị %(unit)s ngoài phạm vi quản lý của bạn.") % {"unit": unit_name(target)})
        if account.unit_id == target.pk:
            continue
        before = {"unit_id": account.unit_id}
        account.unit = target
        account.save(update_fields=["unit"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=account,
            before=before,
            after={"unit_id": target.pk},
            reason=reason or _("Chuyển tài khoản của đơn vị đã chấm dứt sang đơn vị mới"),
        )
        moved.append(account)
    return moved


# --------------------------------------------------------------------------------------------------------------
# Accounts created by the coordination office (import of users, issue #19)
# --------------------------------------------------------------------------------------------------------------

# What an audit entry of an account shows: never the password hash, the last login or the permission flags.
ACCOUNT_AUDIT_FIELDS = ("username", "full_name", "email", "role", "unit_id", "position", "phone", "is_active")
ACCOUNT_FIELDS = ("full_name", "email", "role", "unit", "position", "phone")


# The roles of the people an office creates accounts for (producers register themselves through their own pages).
STAFF_ROLES = (
    Role.LOCAL_OFFICER,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
    Role.COORDINATION_OFFICE,
    Role.LEADERSHIP,
)


def can_create_accounts(user):
    """Create and update accounts of its area: the coordination office and administrators."""
    from .permissions import is_office

    return is_office(user)


def grantable_roles(actor):
    """The roles ``actor`` may give: an administrator the staff roles and administrator; the coordination office
    the staff roles; nobody else any. Never the producer's role: a producer account comes only from the public
    registration and the commune's verification (``producers``, #18)."""
    from .permissions import is_administrator

    if not can_create_accounts(actor):
        return []
    if is_administrator(actor):
        return [*STAFF_ROLES, Role.ADMINISTRATOR]
    return list(STAFF_ROLES)


def _account_audit(account):
    return {name: getattr(account, name) for name in ACCOUNT_AUDIT_FIELDS}


def _check_account(actor, data, errors):
    role = data.get("role")
    if role and role not in grantable_roles(actor):
        errors.setdefault("role", []).append(
            _("Bạn không được cấp vai trò «%(role)s»; vai trò được cấp: %(roles)s.")
            % {"role": Role(role).label, "roles": "; ".join(str(Role(r).label) for r in grantable_roles(actor))}
        )
    unit = data.get("unit")
    if unit is not None:
        if not in_scope(actor, unit, "change"):
            errors.setdefault("unit", []).append(
                _("Đơn vị %(unit)s nằm ngoài địa bàn bạn quản lý.") % {"unit": unit_name(unit)}
            )
        elif not unit.is_in_force(timezone.localdate()):
            errors.setdefault("unit", []).append(
                _("Đơn vị %(unit)s không còn hiệu lực; hãy chọn đơn vị đang có hiệu lực.") % {"unit": unit_name(unit)}
            )


def set_password_link(account, base_url=""):
    """The one-time link where ``account`` chooses its password (Django's password-reset token: it stops working
    once a password is set or after ``PASSWORD_RESET_TIMEOUT``)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlencode, urlsafe_base64_encode

    query = urlencode(
        {"u": urlsafe_base64_encode(force_bytes(account.pk)), "t": default_token_generator.make_token(account)}
    )
    return f"{base_url}{reverse('imports:set_password')}?{query}"


def account_from_link(uid, token):
    """The account a set-password link names, or None when the link is wrong, used or expired."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(force_str(urlsafe_base64_decode(uid or "")))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    account = User.objects.filter(pk=pk, is_active=True).first()
    if account is None or not default_token_generator.check_token(account, token or ""):
        return None
    return account


def send_set_password_email(account, base_url=""):
    """Send ``account`` the link to choose its password, through the configured e-mail backend, once the current
    transaction commits (a rolled-back import sends nothing)."""
    from django.conf import settings
    from django.core.mail import send_mail

    def send():
        base = base_url or getattr(settings, "OCOP_PUBLIC_BASE_URL", "") or ""
        link = set_password_link(account, base.rstrip("/"))
        body = _(
            "Kính gửi %(name)s,\n\n"
            "Văn phòng Điều phối OCOP đã tạo tài khoản Cổng OCOP cho anh/chị.\n"
            "Tên đăng nhập: %(username)s\n\n"
            "Để bắt đầu sử dụng, hãy đặt mật khẩu tại địa chỉ sau (chỉ dùng được một lần):\n%(link)s\n\n"
            "Nếu anh/chị không chờ thư này, hãy bỏ qua nó."
        ) % {"name": account.full_name or account.username, "username": account.username, "link": link}
        send_mail(_("Cổng OCOP: đặt mật khẩu cho tài khoản của bạn"), body, None, [account.email])

    transaction.on_commit(send)


@transaction.atomic
def account_create(*, actor, username, data, reason="", base_url=""):
    """Create an account for a person of ``actor``'s area with a role ``actor`` may grant. The account has no
    usable password (it cannot log in) until its owner follows the set-password link e-mailed to them. Audited
    without any password. Raises PermissionDenied or ValidationError."""
    if not can_create_accounts(actor):
        raise PermissionDenied(_("Chỉ Văn phòng Điều phối hoặc quản trị hệ thống được tạo tài khoản."))
    errors = {}
    if "password" in data:
        errors["password"] = [_("Không nhận mật khẩu: người dùng tự đặt mật khẩu qua thư điện tử.")]
    username = (username or "").strip()
    if not username:
        errors["username"] = [_("Thiếu tên đăng nhập.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập «%(username)s» đã có.") % {"username": username}]
    if not data.get("email"):
        errors.setdefault("email", []).append(_("Cần thư điện tử để gửi liên kết đặt mật khẩu."))
    if not data.get("role"):
        errors.setdefault("role", []).append(_("Thiếu vai trò."))
    if data.get("unit") is None:
        errors.setdefault("unit", []).append(_("Thiếu đơn vị hành chính."))
    _check_account(actor, data, errors)
    if errors:
        raise ValidationError(errors)
    account = User(username=username, is_active=True)
    for name in ACCOUNT_FIELDS:
        if name in data:
            setattr(account, name, data[name])
    account.set_unusable_password()
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    account.save()
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        instance=account,
        before=None,
        after=_account_audit(account),
        reason=reason,
    )
    send_set_password_email(account, base_url)
    return account


@transaction.atomic
def account_update(*, actor, account, data, reason=""):
    """Change the name, e-mail, role, unit, position or phone of an account of ``actor``'s area (never its
    password), audited. Returns the account."""
    if not can_create_accounts(actor):
        raise PermissionDenied(_("Chỉ Văn phòng Điều phối hoặc quản trị hệ thống được sửa tài khoản."))
    if "password" in data:
        raise ValidationError({"password": _("Không nhận mật khẩu: người dùng tự đặt mật khẩu qua thư điện tử.")})
    account = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=account.pk)
    if account.unit_id and not in_scope(actor, account.unit, "change"):
        raise PermissionDenied(_("Tài khoản này thuộc đơn vị ngoài địa bàn bạn quản lý."))
    if account.role and account.role not in grantable_roles(actor):
        raise PermissionDenied(
            _("Bạn không được sửa tài khoản có vai trò «%(role)s».") % {"role": account.get_role_display()}
        )
    errors = {}
    changed = {name: value for name, value in data.items() if name in ACCOUNT_FIELDS}
    _check_account(actor, {k: v for k, v in changed.items() if k in ("role", "unit")}, errors)
    if errors:
        raise ValidationError(errors)
    before = _account_audit(account)
    for name, value in changed.items():
        setattr(account, name, value)
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    account.save(update_fields=list(changed))
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=account,
        before=before,
        after=_account_audit(account),
        reason=reason,
    )
    return account


@transaction.atomic
def account_set_first_password(*, account, password):
    """The owner of an account sets its password through the e-mailed link (the link is checked by the view)."""
    account = User.objects.select_for_update(of=("self",)).get(pk=account.pk)
    account.set_password(password)
    account.save(update_fields=["password"])
    record_change(
        actor=account,
        action=AuditAction.UPDATE,
        instance=account,
        before={"password": "***"},
        after={"password": _("đã đặt mật khẩu")},
        reason=_("Người dùng tự đặt mật khẩu qua liên kết trong thư điện tử"),
    )
    return account
