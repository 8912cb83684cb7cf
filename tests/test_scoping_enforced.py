"""Every list/detail page and every API viewset over an area-scoped model must get its rows from ``restrict``.

A view written without the scoped base classes would show every area's rows; this test finds such a view by
walking the URL configuration, so forgetting the scoping fails the build instead of leaking data.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.list import MultipleObjectMixin
from rest_framework.viewsets import GenericViewSet

from accounts.scoping import AreaScopedQuerySet
from ocop_portal.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from ocop_portal.views import ScopedMixin


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _scoped_model(model):
    return model is not None and isinstance(model._default_manager.all(), AreaScopedQuerySet)


def _collect():
    found = []
    for route, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view_class is None or route.startswith("admin/"):
            continue
        found.append((route, view_class))
    return found


def test_url_walk_finds_views():
    routes = [route for route, _cls in _collect()]
    assert any(route.startswith("subjects/") for route in routes)
    assert any(route.startswith("api/") for route in routes)


@pytest.mark.parametrize("route,view_class", _collect(), ids=lambda value: str(value))
def test_views_over_scoped_models_use_the_scoped_base(route, view_class):
    if issubclass(view_class, (SingleObjectMixin, MultipleObjectMixin)):
        model = getattr(view_class, "model", None)
        if _scoped_model(model):
            assert issubclass(view_class, ScopedMixin), f"{route}: {view_class.__name__} bypasses ScopedMixin"
    if issubclass(view_class, GenericViewSet):
        serializer_class = getattr(view_class, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        if _scoped_model(model):
            assert issubclass(view_class, (ScopedModelViewSet, ScopedReadOnlyViewSet)), (
                f"{route}: {view_class.__name__} bypasses the scoped viewsets"
            )


def test_restrict_fails_closed_for_users_without_role_or_unit(db, make_user, area_tree):
    from subjects.models import Subject
    from subjects.tests.factories import SubjectFactory

    SubjectFactory(unit=area_tree["d1"])
    no_role = make_user(role="", unit=area_tree["province"])
    no_unit = make_user(unit=None)
    assert Subject.objects.restrict(no_role).count() == 0
    assert Subject.objects.restrict(no_unit).count() == 0
