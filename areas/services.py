"""Writes on administrative units that carry rules. Tasks and commands call these, never a copy of them."""

from django.db import transaction

from audit.models import AuditAction
from audit.services import record_change

from .models import AdministrativeUnit


def expected_paths():
    """{pk: path} recomputed from the parent links alone (a unit whose chain loops or breaks is left out)."""
    rows = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    children = {}
    for pk, parent_id in rows.items():
        children.setdefault(parent_id, []).append(pk)
    paths = {}
    stack = [(pk, "/") for pk in children.get(None, [])]
    while stack:
        pk, prefix = stack.pop()
        paths[pk] = f"{prefix}{pk}/"
        stack.extend((child, paths[pk]) for child in children.get(pk, []))
    return paths


def rebuild_unit_paths(*, actor=None, reason="Tính lại đường dẫn cây đơn vị hành chính"):
    """Recompute ``AdministrativeUnit.path`` for every unit from its parents; return how many were wrong.

    Scoping filters on ``path``, so a wrong path would hide or leak records: this repairs it (after a bulk
    import or a manual database edit) and logs each repaired unit in the audit log.
    """
    with transaction.atomic():
        wanted = expected_paths()
        wrong = [
            unit
            for unit in AdministrativeUnit.objects.select_for_update().order_by("pk")
            if unit.pk in wanted and unit.path != wanted[unit.pk]
        ]
        for unit in wrong:
            before = {"path": unit.path}
            unit.path = wanted[unit.pk]
            AdministrativeUnit.objects.filter(pk=unit.pk).update(path=unit.path)
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=unit,
                before=before,
                after={"path": unit.path},
                reason=reason,
            )
    return len(wrong)
