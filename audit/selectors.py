"""Reads of the audit log. Every queryset starts from ``AuditEntry.objects.restrict(user, "audit")``: the user's
area (by the unit stored on each entry), administrators only for entries without a unit, and score-sheet entries
sealed until their round is closed."""

from django.contrib.contenttypes.models import ContentType

from accounts.permissions import role_allows
from accounts.scoping import user_scope_paths
from areas.models import AdministrativeUnit
from areas.selectors import path_within

from .models import AuditEntry
from .owners import area_fields
from .permissions import sees_national_entries


def entries_for(user, action="audit"):
    return AuditEntry.objects.restrict(user, action).select_related("actor", "content_type")


def history_for(user, model, object_id, action="audit"):
    """One record's entries the user may read (the record may have been deleted: the entries keep its unit)."""
    content_type = ContentType.objects.get_for_model(model)
    return entries_for(user, action).filter(content_type=content_type, object_id=str(object_id))


def record_visible(user, instance, action="audit"):
    """May ``user`` read the history of this live record? Same rule as ``AuditEntry.objects.restrict``."""
    if not role_allows(user, action):
        return False
    fields = area_fields(instance, strict=False)
    if fields["sealed_round_id"] is not None and fields["sealed_for_id"] != user.pk:
        from evaluations.models import Round

        if not Round.objects.filter(pk=fields["sealed_round_id"], scoring_closed_at__isnull=False).exists():
            return False
    if fields["unit_id"] is None:
        return sees_national_entries(user)
    path = AdministrativeUnit.objects.filter(pk=fields["unit_id"]).values_list("path", flat=True).first()
    return bool(path) and path_within(path, user_scope_paths(user))
