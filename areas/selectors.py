"""Reads on administrative units: scope paths, "within a unit", "in force on a date", pickers.

The helpers every app uses instead of parsing a path or writing a validity window by hand:

- ``ids_in_path(path)`` / ``unit_id_of_path(path)`` / ``path_within(path, prefixes)`` (from ``areas.models``);
- ``AdministrativeUnit.objects.in_force(day)`` / ``.in_force_during(start, end)`` / ``.current()`` / ``.ended()`` /
  ``.subtree(unit)``, and ``in_force_q(day, lookup)`` / ``in_force_during_q(start, end, lookup)`` for other models;
- ``within_q(unit, lookup)``: rows whose unit lies in ``unit`` OR in a unit it replaced (records carry over the
  2025 reorganisation); ``subtree_q(unit, lookup)``: the unit's own subtree only;
- ``scope_paths(unit)`` / ``paths_q(paths, lookup)``: the path prefixes behind both.
"""

from django.db.models import Case, Exists, F, IntegerField, Q, Subquery, Value, When
from django.utils import timezone

from .models import (
    LAST_OLD_DAY,
    REFORM_DAY,
    AdministrativeUnit,
    ids_in_path,
    in_force_during_q,
    in_force_q,
    path_within,
    unit_id_of_path,
)

__all__ = [
    "LAST_OLD_DAY",
    "REFORM_DAY",
    "find_unit",
    "unit_for_code",
    "ids_in_path",
    "in_force_during_q",
    "in_force_q",
    "path_within",
    "paths_q",
    "picker_units",
    "proposed_successor",
    "scope_paths",
    "subtree_q",
    "successors_of",
    "under_q",
    "unit_id_of_path",
    "units_for_form",
    "units_as_of",
    "units_now",
    "within",
    "within_q",
]


def scope_paths(unit):
    """Path prefixes a user bound to ``unit`` may see: the unit's subtree and that of every predecessor.

    A user of the merged (post-2025) province also sees records entered under the old provinces it replaced,
    and a new commune's officer sees the records of the old communes it absorbed; of a commune split between several
    new ones, only its default successor's (issue #14: "the default successor applies").
    """
    if unit is None:
        return []
    paths = {unit.path}
    frontier = [unit.pk]
    seen = {unit.pk}
    while frontier:
        # A unit split between several new ones belongs to its default successor only (the office moves a record
        # to another successor by editing it); one without a marked default belongs to each of them.
        rows = list(
            AdministrativeUnit.successors.through.objects.filter(to_administrativeunit_id__in=frontier)
            .filter(
                Q(from_administrativeunit__default_successor__isnull=True)
                | Q(from_administrativeunit__default_successor=F("to_administrativeunit"))
            )
            .values_list("from_administrativeunit_id", "from_administrativeunit__path")
        )
        frontier = []
        for pk, path in rows:
            if pk not in seen:
                seen.add(pk)
                paths.add(path)
                frontier.append(pk)
    return sorted(paths)


def paths_q(paths, lookup):
    """A Q object matching rows whose ``lookup`` unit lies under one of ``paths``; matches nothing if empty."""
    key = f"{lookup}__path__startswith" if lookup else "path__startswith"
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{key: path})
    return q


def under_q(path, lookup):
    """Q: rows whose ``lookup`` unit lies under the unit with ``path`` (a string or an expression such as
    ``OuterRef("path")``, for "has a craft village under this unit" subqueries)."""
    return Q(**{f"{lookup}__path__startswith" if lookup else "path__startswith": path})


def subtree_q(unit, lookup):
    """Q: rows whose ``lookup`` unit is ``unit`` or lies under it (the units it replaced are NOT included)."""
    return paths_q([unit.path] if unit is not None else [], lookup)


def within_q(unit, lookup):
    """Q: rows whose ``lookup`` unit lies in ``unit``'s subtree or in the subtree of a unit it replaced.

    A product entered in 2021 under an old commune of old Đồng Tháp is within the merged Đồng Tháp (and within
    the new commune that absorbed its commune): use this for "records of this area" (round registration, lists,
    dashboards), ``subtree_q`` only where the old structure must stay apart."""
    return paths_q(scope_paths(unit), lookup)


def within(unit, other):
    """Python twin of ``within_q`` for one unit: does ``unit`` lie in ``other`` or in a unit ``other`` replaced?"""
    if unit is None or other is None:
        return False
    return path_within(unit.path, scope_paths(other))


def unit_choices_for(user):
    """Units a user may pick in a form: those inside their scope, current and historical."""
    from accounts.scoping import visible_units

    return visible_units(user)


def units_as_of(day):
    """Units in force on ``day`` (``AdministrativeUnit.objects.in_force(day)``)."""
    return AdministrativeUnit.objects.in_force(day)


def find_unit(code, *, on=None):
    """Resolve an official code to a unit, preferring the unit valid on ``on`` when the code was reused."""
    qs = AdministrativeUnit.objects.filter(code=code)
    if on is not None:
        dated = units_as_of(on).filter(code=code)
        if dated.exists():
            qs = dated
    return qs.order_by("-valid_from").first()


def unit_for_code(units, day=None):
    """Of the units sharing one official code (``units``, loaded by the caller), the one a row dated ``day`` means.

    A code may be reused by the 2025 structure (82: old Tiền Giang until 30/06/2025, the merged Đồng Tháp from
    01/07/2025): a row dated 2023 means the unit in force then, a row dated 2026 the unit in force then. When no unit
    with the code was in force on ``day`` because it had ended (an old district's code on a 2026 row), the row means
    its successor in force on that day (``units_now``). Without a day: the unit in force today, else the only one.
    Returns None when the code names no unit for that day or several. The one place imports resolve a unit code."""
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        return None
    if day is None:
        current = [unit for unit in units if unit.valid_to is None]
        if len(current) == 1:
            return current[0]
        return units[0] if len(units) == 1 else None
    in_force = [unit for unit in units if unit.is_in_force(day)]
    if len(in_force) == 1:
        return in_force[0]
    if in_force:
        return None
    ended = [unit for unit in units if unit.valid_to is not None and unit.valid_to < day]
    successors = {successor.pk: successor for successor in units_now(ended, day).values() if successor is not None}
    return next(iter(successors.values())) if len(successors) == 1 else None


def successors_of(unit):
    """The units that replaced ``unit`` (its default successor first); for a unit without links of its own (an
    old district: its communes went to several new ones), those of its nearest ancestor that has some."""
    if unit is None:
        return []
    for candidate in reversed(list(unit.ancestors())) if unit.pk else [unit]:
        successors = sorted(candidate.successors.all(), key=lambda s: (s.pk != candidate.default_successor_id, s.path))
        if successors:
            return successors
    return []


def proposed_successor(unit):
    """The unit a record or an account of the ended ``unit`` moves to unless the office decides otherwise: its
    default successor (the one marked in the official conversion where a commune was split), else the first
    successor of it or of its nearest ancestor (an old district -> the merged province). None if it has none."""
    successors = successors_of(unit)
    return successors[0] if successors else None


def units_now(units, day=None):
    """{unit id: the unit in force on ``day`` (today by default) that records entered under it belong to} for many
    units at once: the unit itself while in force, else its proposed successor (``proposed_successor``: the default
    one of a split commune, else the first successor of it or of its nearest ancestor), followed until one is in
    force. One query per generation of successor links, whatever the number of units."""
    day = day or timezone.localdate()
    result, pending = {}, {}
    for unit in units:
        if unit is None or unit.pk in result:
            continue
        if unit.is_in_force(day):
            result[unit.pk] = unit
        else:
            pending.setdefault(unit.pk, []).append(unit)
    for _generation in range(4):
        if not pending:
            break
        candidates = {pk for group in pending.values() for pk in ids_in_path(group[0].path)}
        links = {}
        rows = AdministrativeUnit.successors.through.objects.filter(
            from_administrativeunit_id__in=candidates
        ).select_related("from_administrativeunit", "to_administrativeunit")
        for row in rows:
            links.setdefault(row.from_administrativeunit_id, []).append(row)
        next_pending = {}
        for origin, group in pending.items():
            unit = group[-1]
            chosen = None
            for candidate in reversed(ids_in_path(unit.path)):
                found = links.get(candidate)
                if found:
                    default_id = found[0].from_administrativeunit.default_successor_id
                    chosen = sorted(
                        (link.to_administrativeunit for link in found), key=lambda s: (s.pk != default_id, s.path)
                    )[0]
                    break
            if chosen is None:
                result[origin] = None
            elif chosen.is_in_force(day):
                result[origin] = chosen
            else:
                next_pending[origin] = [*group, chosen]
        pending = next_pending
    for origin in pending:
        result[origin] = None
    return result


def _today_first(qs, day):
    """Order: the structure in force on ``day`` first (tree order), then the other units (tree order)."""
    return qs.annotate(
        _not_in_force=Case(When(in_force_q(day), then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("_not_in_force", "path")


def units_for_form(user, action="change", *, on=None, keep=None):
    """The units a record may be put on in a form: the user's units in force on ``on`` (today by default), plus
    ``keep`` (the record's current unit, so that editing an old record does not empty its unit)."""
    from accounts.scoping import visible_units

    day = on or timezone.localdate()
    q = in_force_q(day)
    if keep is not None:
        q |= Q(pk=getattr(keep, "pk", keep))
    return _today_first(visible_units(user, action).filter(q), day).select_related("parent")


def picker_units(user, selected_id=None, *, on=None):
    """The units offered by an area filter, a bounded list whatever the size of the user's area: the user's own
    units (their unit and the units it replaced) and their direct sub-units, then the selected unit, its ancestors
    and its direct sub-units. Picking a unit and filtering opens the next level, so a national user reaches any
    commune in three steps without the page listing the country's 14,000 units. Only units the user may see.

    The structure in force on ``on`` (today by default) comes first, each unit once; the units of the other
    structure follow (labelled "(trước 01/07/2025)" by ``areas.formatting.unit_label``): the old provinces a
    merged province replaced stay reachable, but their districts open only when one of them is chosen."""
    from accounts.scoping import user_scope_paths, visible_units

    day = on or timezone.localdate()
    root_ids = {unit_id_of_path(path) for path in user_scope_paths(user)}
    # Open the roots in force on the day (or, for a user of the old structure only, every root): one query.
    in_force_roots = AdministrativeUnit.objects.filter(pk__in=root_ids).in_force(day).values("pk")
    wanted = (
        Q(pk__in=root_ids)
        | Q(parent_id__in=Subquery(in_force_roots))
        | (Q(parent_id__in=root_ids) & ~Exists(in_force_roots))
    )
    try:
        selected_id = int(selected_id) if selected_id not in (None, "") else None
    except (TypeError, ValueError):
        selected_id = None
    if selected_id is not None:
        selected = AdministrativeUnit.objects.filter(pk=selected_id).values_list("path", flat=True).first()
        if selected:
            wanted |= Q(pk__in=ids_in_path(selected)) | Q(parent_id=selected_id)
    return _today_first(visible_units(user).filter(wanted), day)
