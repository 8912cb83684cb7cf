"""Writing the audit log. Domain services call ``record_change`` inside their transaction."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .context import current_request_id
from .models import AuditAction, AuditEntry
from .owners import area_fields


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


# Fields computed from others on save (the folded name used by search): not a change anyone made.
DERIVED_FIELDS = {"search_text"}


def snapshot(instance):
    """The instance's concrete field values (foreign keys as ids, many-to-many as sorted id lists)."""
    if instance is None:
        return None
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in DERIVED_FIELDS:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    if instance.pk:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(
                instance._meta.get_field(field.name).value_from_object(instance), key=lambda o: o.pk
            )
            data[field.name] = [obj.pk for obj in data[field.name]]
    return data


def record_change(*, actor, action, instance, before=None, after=None, reason=""):
    """Store one audit entry about ``instance``, with the record's area (``audit.owners``) so that it stays scoped
    even after the record is deleted. Call it BEFORE deleting the instance."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if after is None and action != AuditAction.DELETE:
        after = snapshot(instance)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        reason=reason or "",
        request_id=current_request_id(),
        **area_fields(instance),
    )
