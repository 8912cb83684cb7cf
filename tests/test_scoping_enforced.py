"""Every list/detail page and every API viewset over an area-scoped model must get its rows from ``restrict``.

A view written without the scoped base classes would show every area's rows; this test finds such a view by
walking the URL configuration, so forgetting the scoping fails the build instead of leaking data.
"""

import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.list import MultipleObjectMixin
from rest_framework.viewsets import GenericViewSet

from accounts.scoping import AreaScopedQuerySet
from ocop_portal.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from ocop_portal.generic import ObjectActionView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.views import ScopedListView, ScopedMixin

GENERIC_VIEWS = (
    ScopedListView,
    ObjectDetailView,
    ObjectEditView,
    ObjectDeleteView,
    ObjectHistoryView,
    ObjectActionView,
)
# A page over a scoped model that is not a generic view says why on the line above its class: "# not generic: ...".
NOT_GENERIC = "# not generic:"


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


def _html_views():
    return [
        (route, view_class)
        for route, view_class in _collect()
        if not route.startswith("api/") and not issubclass(view_class, GenericViewSet)
    ]


@pytest.mark.parametrize("route,view_class", _html_views(), ids=lambda value: str(value))
def test_every_html_view_over_a_scoped_model_is_scoped(route, view_class):
    """Any page declaring a scoped ``model`` (also a plain View: downloads, redirects, actions) gets it from
    ``restrict`` through ScopedMixin, the base of the generic layer."""
    if _scoped_model(getattr(view_class, "model", None)):
        assert issubclass(view_class, ScopedMixin), f"{route}: {view_class.__name__} bypasses ScopedMixin"


def _reason_given(view_class):
    lines, start = inspect.findsource(view_class)
    above = lines[start - 1].strip() if start else ""
    return above.startswith(NOT_GENERIC) and len(above) > len(NOT_GENERIC) + 5


@pytest.mark.parametrize("route,view_class", _html_views(), ids=lambda value: str(value))
def test_pages_over_scoped_models_are_generic_views_or_say_why(route, view_class):
    """Issue #13: object pages are declarations on the generic layer (ocop_portal.generic); a page that cannot be
    one (a workflow step, an htmx partial, a download) says why in a one-line comment above its class."""
    if not _scoped_model(getattr(view_class, "model", None)):
        return
    if issubclass(view_class, GENERIC_VIEWS):
        return
    assert _reason_given(view_class), (
        f"{route}: {view_class.__module__}.{view_class.__name__} is neither a generic view (ocop_portal.generic) "
        f"nor preceded by a '{NOT_GENERIC} <why>' comment"
    )


def test_restrict_fails_closed_for_users_without_role_or_unit(db, make_user, area_tree):
    from subjects.models import Subject
    from subjects.tests.factories import SubjectFactory

    SubjectFactory(unit=area_tree["d1"])
    no_role = make_user(role="", unit=area_tree["province"])
    no_unit = make_user(unit=None)
    assert Subject.objects.restrict(no_role).count() == 0
    assert Subject.objects.restrict(no_unit).count() == 0
