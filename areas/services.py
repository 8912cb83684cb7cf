"""Writes on administrative units that carry rules. Tasks and commands call these, never a copy of them."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record_change
from ocop_portal.formatting import format_date
from ocop_portal.text import fold

from .formatting import unit_name
from .models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, AreaDataLoad, UnitLevel
from .official import NEW, OLD, read_package
from .selectors import successors_of


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
        if wrong:  # bulk updates send no signal: the cached scopes and unit names must be forgotten here
            structure_changed()
    return len(wrong)


# --- Loading the official units (``manage.py load_areas``) ---------------------------------------------------------


@dataclass
class LoadReport:
    """What one load changed. ``renamed``: [(unit, old name)]; ``ended``/``moved``: [unit]."""

    source: str
    version: str
    added: dict = field(default_factory=dict)  # level -> count
    renamed: list = field(default_factory=list)
    ended: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    updated: int = 0
    links_added: int = 0
    links_removed: int = 0
    defaults_changed: int = 0
    not_in_source: int = 0
    record: object = None

    @property
    def added_total(self):
        return sum(self.added.values())

    @property
    def changed(self):
        return bool(self.added_total or self.renamed or self.ended or self.moved or self.updated) or bool(
            self.links_added or self.links_removed or self.defaults_changed
        )


_UNIT_FIELDS = ["name", "unit_type", "parent_id", "valid_from", "valid_to", "latitude", "longitude", "area_km2"]
_LEVEL_ORDER = ["country", "province", "district", "commune"]


def _period_of(valid_from):
    return NEW if valid_from is not None and valid_from >= REFORM_DAY else OLD


def _province_code(units, unit):
    """The code of the province ``unit`` lies in (its own for a province), None outside any province."""
    seen = set()
    while unit is not None and unit.pk not in seen:
        if unit.level == UnitLevel.PROVINCE:
            return unit.code
        seen.add(unit.pk)
        unit = units.get(unit.parent_id)
    return None


def _official_province_code(data, row):
    while row is not None and row.level != "province":
        row = data.units.get(row.parent)
    return row.code if row is not None else None


def _existing_units():
    """{(official key, province code): AdministrativeUnit} of the units already in the registry (the oldest row
    wins a tie). A district or commune matches only inside the same province: a sample unit that borrowed an
    official code of another province is left alone rather than carried (with its records) to that province."""
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.order_by("pk")}
    existing = {}
    for unit in units.values():
        period = "" if unit.level == UnitLevel.COUNTRY else _period_of(unit.valid_from)
        existing.setdefault(((period, unit.level, unit.code), _province_code(units, unit)), unit)
    return existing


def _wanted_values(row, unit, parent_id):
    if row.period == OLD:
        valid_from = unit.valid_from if unit is not None else None
        valid_to = LAST_OLD_DAY
    elif row.period == NEW:
        valid_from = REFORM_DAY
        valid_to = unit.valid_to if unit is not None else None
    else:
        valid_from = unit.valid_from if unit is not None else None
        valid_to = unit.valid_to if unit is not None else None
    return {
        "name": row.name,
        "unit_type": row.unit_type,
        "parent_id": parent_id,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "area_km2": row.area_km2,
    }


def _fill_new_paths():
    """Paths of the units just created (path ""), level by level, in one UPDATE per level."""
    for unit in AdministrativeUnit.objects.filter(path="", parent__isnull=True):
        AdministrativeUnit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
    parent_path = AdministrativeUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    for _level in _LEVEL_ORDER[1:]:
        AdministrativeUnit.objects.filter(path="", parent__isnull=False).exclude(parent__path="").update(
            path=Concat(Subquery(parent_path), Cast("pk", CharField()), Value("/"), output_field=CharField())
        )


def _repair_paths():
    """After moves: rewrite the paths that differ from the parent links (bulk, no per-row save)."""
    wanted = expected_paths()
    wrong = [
        AdministrativeUnit(pk=pk, path=wanted[pk])
        for pk, path in AdministrativeUnit.objects.values_list("pk", "path")
        if pk in wanted and path != wanted[pk]
    ]
    AdministrativeUnit.objects.bulk_update(wrong, ["path"], batch_size=500)
    return len(wrong)


def load_official_units(data=None, *, provinces=None, actor=None):
    """Load or update the units of both structures and their successor links from the official data.

    ``data`` is an ``areas.official.OfficialData`` (the installed ``vietnamadminunits`` by default); ``provinces``
    limits the load to those 2025 provinces (codes) and the old provinces they replaced. Units are matched by
    (code, level, structure): the old structure ends on 30/06/2025, the new one starts on 01/07/2025. Existing
    rows are updated in place (records stay attached), units absent from the data are left alone (counted in
    ``not_in_source``), nothing is ever deleted. Running it twice changes nothing. One transaction; renames, ends
    and moves of existing units and the load itself are written to the audit log.
    """
    data = data if data is not None else read_package()
    if provinces:
        data = data.restricted_to(provinces)
    report = LoadReport(source=data.source, version=data.version)
    with transaction.atomic():
        existing = _existing_units()
        pks = {}
        to_update = []
        changes = []  # (unit, before) for the audit log
        for level in _LEVEL_ORDER:
            new_rows = []
            for key, row in data.units.items():
                if row.level != level:
                    continue
                unit = existing.get((key, _official_province_code(data, row)))
                parent_id = pks.get(row.parent) if row.parent else None
                wanted = _wanted_values(row, unit, parent_id)
                if unit is None:
                    new_rows.append(
                        (key, AdministrativeUnit(code=row.code, level=level, search_text=fold(row.name), **wanted))
                    )
                    continue
                pks[key] = unit.pk
                before = {name: getattr(unit, name) for name in _UNIT_FIELDS}
                if before == wanted:
                    continue
                if before["name"] != wanted["name"]:
                    report.renamed.append((unit, before["name"]))
                if before["valid_to"] != wanted["valid_to"] and wanted["valid_to"] is not None:
                    report.ended.append(unit)
                if before["parent_id"] != wanted["parent_id"]:
                    report.moved.append(unit)
                if (before["name"], before["valid_to"], before["parent_id"]) == (
                    wanted["name"],
                    wanted["valid_to"],
                    wanted["parent_id"],
                ):
                    report.updated += 1
                else:
                    changes.append((unit, {k: v for k, v in before.items() if v != wanted[k]}))
                for name, value in wanted.items():
                    setattr(unit, name, value)
                unit.search_text = fold(unit.name)
                to_update.append(unit)
            created = AdministrativeUnit.objects.bulk_create([unit for _key, unit in new_rows], batch_size=500)
            for (key, _unit), unit in zip(new_rows, created, strict=True):
                pks[key] = unit.pk
            if created:
                report.added[level] = len(created)
        AdministrativeUnit.objects.bulk_update(to_update, [*_UNIT_FIELDS, "search_text"], batch_size=500)
        _fill_new_paths()
        if report.moved:
            _repair_paths()

        _link_successors(data, pks, report)

        loaded = set(pks.values())
        report.not_in_source = (
            AdministrativeUnit.objects.exclude(level=UnitLevel.COUNTRY).exclude(pk__in=loaded).count()
            if not provinces
            else 0
        )
        area_key = ("", "country", "VN")
        if provinces:
            area_key = (NEW, "province", sorted(provinces)[0])
        record = AreaDataLoad.objects.create(
            area_id=pks.get(area_key),
            source=data.source,
            version=data.version,
            provinces=",".join(sorted(provinces or [])),
            added=report.added_total,
            renamed=len(report.renamed),
            ended=len(report.ended),
            updated=report.updated + len(report.moved),
            links_added=report.links_added,
            links_removed=report.links_removed,
        )
        report.record = record
        reason = f"Nạp đơn vị hành chính từ {data.source} {data.version}"
        for unit, before in changes:
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=unit,
                before=_jsonable(before),
                after=_jsonable({k: getattr(unit, k) for k in before}),
                reason=reason,
            )
        record_change(actor=actor, action=AuditAction.CREATE, instance=record, reason=reason)
        structure_changed()  # bulk writes send no signals
    return report


def _jsonable(values):
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in values.items()}


def _link_successors(data, pks, report):
    through = AdministrativeUnit.successors.through
    wanted = set()
    defaults = {}
    for key, targets in data.successors.items():
        from_id = pks[key]
        for target, _is_default in targets:
            wanted.add((from_id, pks[target]))
        default_targets = [pks[t] for t, is_default in targets if is_default] or [pks[targets[0][0]]]
        defaults[from_id] = default_targets[0]
    old_ids = {pks[key] for key in data.units if key[0] == OLD}
    new_ids = {pks[key] for key in data.units if key[0] == NEW}
    existing = set(through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id"))
    missing = wanted - existing
    stale = {(a, b) for a, b in existing - wanted if a in old_ids and b in new_ids}
    through.objects.bulk_create(
        [through(from_administrativeunit_id=a, to_administrativeunit_id=b) for a, b in sorted(missing)],
        batch_size=500,
    )
    for a, b in stale:
        through.objects.filter(from_administrativeunit_id=a, to_administrativeunit_id=b).delete()
    report.links_added, report.links_removed = len(missing), len(stale)
    current = dict(AdministrativeUnit.objects.values_list("pk", "default_successor_id"))
    changed = [
        AdministrativeUnit(pk=pk, default_successor_id=to) for pk, to in defaults.items() if current.get(pk) != to
    ]
    AdministrativeUnit.objects.bulk_update(changed, ["default_successor"], batch_size=500)
    report.defaults_changed = len(changed)


def ensure_in_force(unit, *, on=None, until=None, field="unit"):
    """Refuse to put a record on a unit that is not in force on ``on`` (the record's date; today by default), or,
    with ``until``, on no day from ``on`` to ``until`` (a plan of a year: in force on some day of that year).

    Raises ``ValidationError({field: message})`` naming the successor(s) of an ended unit ("Huyện Lai Vung
    không còn hiệu lực từ 01/07/2025; hãy chọn đơn vị kế thừa: Tỉnh Đồng Tháp.") or the first day of a unit not
    yet in force. Services call it when a record is created or its unit changes (never for old records left as
    they are: they keep the unit they were entered under)."""
    if unit is None:
        return
    day = on or timezone.localdate()
    last = max(until or day, day)
    if (unit.valid_from is None or unit.valid_from <= last) and (unit.valid_to is None or unit.valid_to >= day):
        return
    if unit.valid_from and last < unit.valid_from:
        message = _("%(unit)s chỉ có hiệu lực từ %(start)s, không dùng được cho ngày %(day)s.") % {
            "unit": unit_name(unit),
            "start": format_date(unit.valid_from),
            "day": format_date(last),
        }
        raise ValidationError({field: ValidationError(message, code="unit_not_in_force")})
    successors = [s for s in successors_of(unit) if s.is_in_force(day)] or successors_of(unit)
    values = {"unit": unit_name(unit), "day": format_date(unit.valid_to + datetime.timedelta(days=1))}
    if successors:
        values["successors"] = ", ".join(unit_name(s) for s in successors)
        message = _("%(unit)s không còn hiệu lực từ %(day)s; hãy chọn đơn vị kế thừa: %(successors)s.") % values
    else:
        message = _("%(unit)s không còn hiệu lực từ %(day)s.") % values
    raise ValidationError({field: ValidationError(message, code="unit_not_in_force")})


# --- the structure's version (what cached scopes depend on) ---------------------------------------------------

STRUCTURE_VERSION_KEY = "ocop:areas:structure-version"


def structure_version():
    """A token that changes whenever units or their successor links change: caches of what depends on the
    structure (``accounts.scoping``: a user's scope paths) put it in their keys, so a change is seen at once."""
    from django.core.cache import cache

    version = cache.get(STRUCTURE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(STRUCTURE_VERSION_KEY, version, None)
        version = cache.get(STRUCTURE_VERSION_KEY) or version
    return version


def structure_changed():
    """Forget every cached scope (called on every save/delete of a unit, every change of successor links, and by
    ``load_official_units`` whose bulk writes send no signals); after the transaction commits, and now."""
    from django.core.cache import cache

    def bump():
        cache.set(STRUCTURE_VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)
