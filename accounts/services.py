"""Writes about accounts, with their business rules, audited, each in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.formatting import unit_name
from areas.selectors import proposed_successor
from audit.models import AuditAction
from audit.services import record_change

from .models import User
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
