"""Reads of the unit structure kept in the shared cache (Redis in production), keyed by the structure's version."""

from django.core.cache import cache

from .selectors import scope_paths
from .services import structure_version

_PATHS_KEY = "ocop:areapaths:{version}:{unit}"
_TIMEOUT = 24 * 3600


def cached_scope_paths(area):
    """``areas.selectors.scope_paths(area)`` from the shared cache: walking the successor links costs a query per
    generation of mergers, and one dashboard recomputation asked it 15 times (once per trend year, per plan...).
    The key carries the structure's version (``areas.services.structure_version``), which every change of units or
    successor links replaces, as the users' scopes in ``accounts.scoping`` do."""
    if area is None:
        return []
    key = _PATHS_KEY.format(version=structure_version(), unit=area.pk)
    paths = cache.get(key)
    if paths is None:
        paths = scope_paths(area)
        cache.set(key, paths, _TIMEOUT)
    return paths
