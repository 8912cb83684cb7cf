from django.db.models import Q

from .models import AdministrativeUnit


def scope_paths(unit):
    """Path prefixes a user bound to ``unit`` may see: the unit's subtree and that of every predecessor.

    A user of the merged (post-2025) province also sees records entered under the old provinces it replaced,
    and a new commune's officer sees the records of the old communes it absorbed.
    """
    if unit is None:
        return []
    paths = {unit.path}
    frontier = [unit.pk]
    seen = {unit.pk}
    while frontier:
        rows = list(
            AdministrativeUnit.successors.through.objects.filter(to_administrativeunit_id__in=frontier).values_list(
                "from_administrativeunit_id", "from_administrativeunit__path"
            )
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


def unit_choices_for(user):
    """Units a user may pick in a form: those inside their scope, current and historical."""
    from accounts.scoping import visible_units

    return visible_units(user)


def units_as_of(day):
    return AdministrativeUnit.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def find_unit(code, *, on=None):
    """Resolve an official code to a unit, preferring the unit valid on ``on`` when the code was reused."""
    qs = AdministrativeUnit.objects.filter(code=code)
    if on is not None:
        dated = units_as_of(on).filter(code=code)
        if dated.exists():
            qs = dated
    return qs.order_by("-valid_from").first()


def picker_units(user, selected_id=None):
    """The units offered by an area filter, a bounded list whatever the size of the user's area: the user's own
    units (their unit and the units it replaced) and their direct sub-units, then the selected unit, its ancestors
    and its direct sub-units. Picking a unit and filtering opens the next level, so a national user reaches any
    commune in three steps without the page listing the country's 14,000 units. Only units the user may see."""
    from accounts.scoping import user_scope_paths, visible_units

    root_ids = {int(path.strip("/").split("/")[-1]) for path in user_scope_paths(user)}
    wanted = Q(pk__in=root_ids) | Q(parent_id__in=root_ids)
    try:
        selected_id = int(selected_id) if selected_id not in (None, "") else None
    except (TypeError, ValueError):
        selected_id = None
    if selected_id is not None:
        selected = AdministrativeUnit.objects.filter(pk=selected_id).values_list("path", flat=True).first()
        if selected:
            ancestors = [int(part) for part in selected.strip("/").split("/") if part]
            wanted |= Q(pk__in=ancestors) | Q(parent_id=selected_id)
    return visible_units(user).filter(wanted).order_by("path")
