"""The one place where area scoping is decided.

Every scoped model uses ``AreaScopedQuerySet`` (through ``AreaScopedManager``) and declares
``area_lookup`` — the path to its administrative unit (``"unit"``, ``"subject__unit"``, ...).
``Model.objects.restrict(user, action)`` returns only the rows the user may see or change; an anonymous user,
a user without role or unit, or an action their role does not have gets an empty queryset, so a view that
forgets to ask for more shows nothing rather than everything. The base views in ``ocop_portal.views`` and
``ocop_portal.api`` build their querysets only from ``restrict``.

A producer (chủ thể, ``Role.PRODUCER``) has no area: ``restrict``/``in_scope`` give a verified producer only the
rows of its own subject, for the models and actions of ``PRODUCER_SCOPE`` below, and nothing of any other model
(score sheets, councils, rounds, programme, reports, imports, audit, units, users); an unverified producer gets
nothing at all. This is the only place that rule is written.
"""

from django.db import models
from django.db.models import Q

from areas.models import AdministrativeUnit
from areas.selectors import path_within, paths_q, scope_paths

from .permissions import PRODUCER_ACTIONS, is_producer, producer_subject_id, role_allows

_CACHE_ATTR = "_ocop_scope_paths"


_SHARED_KEY = "ocop:scope2:{version}:{unit}"
_SHARED_TIMEOUT = 24 * 3600


def _covers_whole_tree(unit, paths):
    """Is ``unit`` the one root every unit descends from (the country)? Then "inside the area" is true of every row
    that has a unit, and the scope needs no join to the units table. Only a root's account asks the database."""
    if unit is None or unit.parent_id is not None:
        return False
    roots = list(AdministrativeUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2])
    return len(roots) == 1 and roots[0] in paths


def _shared_scope(user):
    """A unit's scope paths, and whether they cover the whole tree, from the shared cache (Redis in production):
    computing them walks the successor links with one query per level, on every request (6-15 % of a page). The
    key carries the structure's version (``areas.services.structure_version``), which every change of units or
    successor links replaces."""
    from django.core.cache import cache

    from areas.services import structure_version

    key = _SHARED_KEY.format(version=structure_version(), unit=user.unit_id)
    entry = cache.get(key)
    if entry is None:
        paths = scope_paths(user.unit)  # the user's unit stays loaded for the page that shows it
        entry = (paths, _covers_whole_tree(user.unit, paths))
        cache.set(key, entry, _SHARED_TIMEOUT)
    return entry


def _user_scope(user):
    if not getattr(user, "is_authenticated", False) or not getattr(user, "unit_id", None):
        return [], False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None or cached[0] != user.unit_id:
        cached = (user.unit_id, *_shared_scope(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached[1], cached[2]


def user_scope_paths(user):
    return _user_scope(user)[0]


def user_sees_whole_tree(user):
    """The user's area is the whole country (a national account): every row with a unit is inside it."""
    return _user_scope(user)[1]


def scope_q(user, action, lookup):
    if not role_allows(user, action):
        return paths_q([], lookup)
    if user_sees_whole_tree(user):
        return Q(**{f"{lookup}__isnull": False}) if lookup else Q()
    return paths_q(user_scope_paths(user), lookup)


def _lookup_never_null(model, lookup):
    """Is every foreign key on the way from ``model`` to its unit (``area_lookup``) NOT NULL?"""
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if field.null or not field.many_to_one:
            return False
        model = field.related_model
    return True


# What a verified producer reaches: model label -> (path from the model to its subject's id, actions, extra filter).
# Decisions and their items only once issued (a draft is the office's work in progress).
_ISSUED = "issued"
PRODUCER_SCOPE = {
    "subjects.subject": ("pk", {"view", "change"}, None),
    "products.product": ("subject_id", {"view", "change"}, None),
    "products.document": ("subject_id", {"view", "change"}, None),
    "products.certification": ("product__subject_id", {"view", "change"}, None),
    "products.productchannel": ("product__subject_id", {"view", "change"}, None),
    "producers.produceraccount": ("subject_id", {"view"}, None),
    "evaluations.registration": ("product__subject_id", {"view"}, None),
    "decisions.recognition": ("product__subject_id", {"view"}, Q(decision__status=_ISSUED)),
    "decisions.revocation": ("recognition__product__subject_id", {"view"}, Q(decision__status=_ISSUED)),
    "decisions.decision": ("recognitions__product__subject_id", {"view"}, Q(status=_ISSUED)),
}


def _producer_rule(model, action):
    """(lookup, extra filter) of ``model`` for a producer's ``action``, or None when a producer gets nothing."""
    rule = PRODUCER_SCOPE.get(model._meta.label_lower)
    action = PRODUCER_ACTIONS.get(action)
    if rule is None or action not in rule[1]:
        return None
    return rule[0], rule[2]


def producer_q(user, model, action):
    """The rows of ``model`` a producer may reach for ``action`` (a Q matching nothing when it may reach none)."""
    subject_id = producer_subject_id(user)
    rule = _producer_rule(model, action)
    if subject_id is None or rule is None:
        return Q(pk__in=[])
    lookup, extra = rule
    if lookup.startswith("recognitions__"):  # a to-many path: a subquery, so a decision is one row
        q = Q(pk__in=model._default_manager.filter(**{lookup: subject_id}).values("pk"))
    else:
        q = Q(**{lookup: subject_id})
    return q & extra if extra is not None else q


def _producer_owns(user, obj, action):
    model = type(obj)
    if _producer_rule(model, action) is None or producer_subject_id(user) is None or obj.pk is None:
        return False
    return model._default_manager.filter(producer_q(user, model, action), pk=obj.pk).exists()


class AreaScopedQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        if is_producer(user):
            return self.filter(producer_q(user, self.model, action))
        lookup = getattr(self.model, "area_lookup", None)
        if lookup is None:
            raise TypeError(f"{self.model.__name__} has no area_lookup: it cannot be scoped.")
        if role_allows(user, action) and user_sees_whole_tree(user) and _lookup_never_null(self.model, lookup):
            return self.all()  # every row has a unit and every unit is in the country: no join, no filter
        return self.filter(scope_q(user, action, lookup))


class AreaScopedManager(models.Manager.from_queryset(AreaScopedQuerySet)):
    pass


def unit_of(obj):
    lookup = type(obj).area_lookup
    value = obj
    for part in lookup.split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value


def in_scope(user, obj, action="view"):
    """Is this one object inside the user's area for ``action``? (Used for writes and single downloads.) For a
    producer: is it a record of its own subject (``PRODUCER_SCOPE``)?"""
    if is_producer(user):
        return not isinstance(obj, AdministrativeUnit) and _producer_owns(user, obj, action)
    if not role_allows(user, action):
        return False
    unit = obj if isinstance(obj, AdministrativeUnit) else unit_of(obj)
    if unit is None:
        return False
    return path_within(unit.path, user_scope_paths(user))


def visible_units(user, action="view"):
    if not role_allows(user, action):
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(paths_q(user_scope_paths(user), "")).order_by("path")
