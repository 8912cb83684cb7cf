"""Fill ``unit`` (and the score-sheet seal) of the audit entries written before they were recorded.

The area of each entry comes from the record it is about, found with the same lookups as new entries
(``audit.owners``): from the live row when it still exists, otherwise from the last snapshot the log kept of it
(its ``before``/``after``), following the owning records the same way. An entry whose area cannot be found keeps
no unit and is shown to administrators only. A score-sheet entry whose round cannot be found stays sealed.
"""

from django.apps import apps as live_apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import migrations

CHUNK = 2000


class _Resolver:
    def __init__(self, apps):
        self.apps = apps
        self.AuditEntry = apps.get_model("audit", "AuditEntry")
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self._snapshots = {}

    def snapshot(self, model, pk):
        """The record's fields as last seen by the log (later entries win)."""
        key = (model._meta.label_lower, str(pk))
        if key not in self._snapshots:
            ct = self.ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name).first()
            data = {}
            if ct is not None:
                for before, after in (
                    self.AuditEntry.objects.filter(content_type=ct, object_id=str(pk))
                    .order_by("pk")
                    .values_list("before", "after")
                ):
                    for part in (before, after):
                        if isinstance(part, dict):
                            data.update(part)
            self._snapshots[key] = data
        return self._snapshots[key]

    def follow(self, model, pk, lookup):
        """The id at the end of ``lookup`` from the row ``pk`` of ``model``, live or from the log; None if lost."""
        if pk is None:
            return None
        if lookup == "":
            return pk
        row = model.objects.filter(pk=pk).values_list(lookup, flat=True)[:1]
        if row:
            return row[0]
        first, _sep, rest = lookup.partition("__")
        field = model._meta.get_field(first)
        value = self.snapshot(model, pk).get(field.attname)
        if value is None:
            return None
        if not rest:
            return value if field.related_model.objects.filter(pk=value).exists() else None
        return self.follow(field.related_model, value, rest)

    def follow_many(self, model, pks, lookup):
        found = {}
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            if lookup == "":
                found.update({pk: pk for pk in model.objects.filter(pk__in=chunk).values_list("pk", flat=True)})
            else:
                found.update(dict(model.objects.filter(pk__in=chunk).values_list("pk", lookup)))
        for pk in pks:
            if pk not in found:
                found[pk] = self.follow(model, pk, lookup) if lookup else None
        return found


def backfill(apps, schema_editor):
    from audit.owners import SEALED_LOOKUPS, NoAreaError, area_lookup_for

    resolver = _Resolver(apps)
    AuditEntry = resolver.AuditEntry
    Unit = apps.get_model("areas", "AdministrativeUnit")
    content_type_ids = set(AuditEntry.objects.values_list("content_type_id", flat=True).distinct())
    for ct in resolver.ContentType.objects.filter(pk__in=content_type_ids):
        try:
            live = live_apps.get_model(ct.app_label, ct.model)
            model = apps.get_model(ct.app_label, ct.model)
            lookup = area_lookup_for(live)
        except (LookupError, NoAreaError):
            continue
        entries = AuditEntry.objects.filter(content_type=ct)
        pks = sorted({int(pk) for pk in entries.values_list("object_id", flat=True) if str(pk).isdigit()})
        try:
            units = resolver.follow_many(model, pks, lookup) if lookup is not None else {}
            sealed = SEALED_LOOKUPS.get(live._meta.label_lower)
            rounds = resolver.follow_many(model, pks, sealed[0]) if sealed else {}
            members = resolver.follow_many(model, pks, sealed[1]) if sealed else {}
        except (FieldDoesNotExist, FieldError):
            continue
        existing_units = set(Unit.objects.filter(pk__in={u for u in units.values() if u}).values_list("pk", flat=True))
        by_unit = {}
        for pk, unit_id in units.items():
            if unit_id in existing_units:
                by_unit.setdefault(unit_id, []).append(str(pk))
        for unit_id, object_ids in by_unit.items():
            for start in range(0, len(object_ids), CHUNK):
                entries.filter(object_id__in=object_ids[start : start + CHUNK]).update(unit_id=unit_id)
        if sealed:
            User = apps.get_model(settings.AUTH_USER_MODEL)
            users = set(User.objects.filter(pk__in={m for m in members.values() if m}).values_list("pk", flat=True))
            by_seal = {}
            for pk in pks:
                member = members.get(pk)
                key = (rounds.get(pk) or 0, member if member in users else None)
                by_seal.setdefault(key, []).append(str(pk))
            for (round_id, member_id), object_ids in by_seal.items():
                for start in range(0, len(object_ids), CHUNK):
                    entries.filter(object_id__in=object_ids[start : start + CHUNK]).update(
                        sealed_round_id=round_id, sealed_for_id=member_id
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_entry_unit_and_sheet_seal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("areas", "0002_unit_search_text"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dashboard", "0001_initial"),
        ("decisions", "0001_initial"),
        ("evaluations", "0002_rule_sets"),
        ("imports", "0001_initial"),
        ("products", "0004_name_order_index"),
        ("programme", "0002_funding_sources"),
        ("reports", "0001_initial"),
        ("subjects", "0002_name_order_index"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
