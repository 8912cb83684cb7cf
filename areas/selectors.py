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
