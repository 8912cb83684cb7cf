"""How an audit entry's change reads to a person: field names as the model names them ("Người tạo", not
``created_by_id``), choice labels ("Hợp tác xã", not ``cooperative``), "Có"/"Không" for booleans, dates and times
in Vietnamese form and the portal's time zone, related records by name (only those the reader may see; others by
their number), numbers with Vietnamese separators.

``attach_readable_changes(entries, user)`` sets ``entry.readable_changes`` = [(label, before, after)] on a page
of entries, loading the related names in one query per related model, whatever the number of entries.
"""

import datetime
import decimal

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ocop_portal.formatting import format_date, format_number

EMPTY = "—"


def _fields(model):
    """{snapshot key: field}: foreign keys under their attname (``subject_id``) and name, many-to-many by name."""
    fields = {}
    if model is None:
        return fields
    for field in model._meta.concrete_fields:
        fields[field.attname] = field
        fields[field.name] = field
    for field in model._meta.many_to_many:
        fields[field.name] = field
    return fields


def _label(key, field):
    if field is None:
        return key.replace("_", " ")
    return capfirst(str(field.verbose_name))


def _names(related_model, ids, user):
    manager = related_model._base_manager
    queryset = manager.all()
    if getattr(related_model, "area_lookup", None) and hasattr(related_model.objects, "restrict"):
        queryset = related_model.objects.restrict(user, "view")
    return {obj.pk: str(obj) for obj in queryset.filter(pk__in=ids)}


def _datetime(value):
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime.datetime):
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return format_date(moment)  # in the portal's time zone, "15/06/2023 08:30"


def _display(field, value, names):
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if field is None:
        return str(value)
    if field.many_to_many:
        known = names.get(field.related_model, {})
        return ", ".join(known.get(item, f"#{item}") for item in value)
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return format_date(day) if isinstance(day, datetime.date) else str(value)
    if isinstance(field, models.IntegerField):
        return str(value)  # years, numbers of a register, counts: as typed ("2025", not "2.025")
    if isinstance(field, (models.DecimalField, models.FloatField)):
        try:
            return format_number(decimal.Decimal(str(value)), None, strip_zeros=True)
        except (TypeError, ValueError, ArithmeticError):
            return str(value)
    return str(value)


def attach_readable_changes(entries, user):
    entries = list(entries)
    wanted = {}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        entry._fields = _fields(model)
        for key, before, after in entry.changes():
            field = entry._fields.get(key)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            ids = wanted.setdefault(field.related_model, set())
            for value in (before, after):
                if isinstance(value, list):
                    ids.update(value)
                elif value is not None:
                    ids.add(value)
    names = {model: _names(model, ids, user) for model, ids in wanted.items() if ids}
    for entry in entries:
        entry.readable_changes = [
            (_label(key, entry._fields.get(key)), _display(entry._fields.get(key), before, names),
             _display(entry._fields.get(key), after, names))
            for key, before, after in entry.changes()
            if not getattr(entry._fields.get(key), "primary_key", False)  # the record's own id says nothing
        ]  # fmt: skip
    return entries


def changes_text(entry):
    """One line of text for an export cell: "Tên: cũ → mới; ..." (after ``attach_readable_changes``)."""
    return "; ".join(f"{label}: {before} → {after}" for label, before, after in entry.readable_changes)
