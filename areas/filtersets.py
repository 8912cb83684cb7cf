"""The area filter shared by every list page and API list (``?unit=`` / ``?area=``)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .forms import UnitChoiceField, unit_choices
from .models import AdministrativeUnit
from .selectors import paths_q, picker_units, scope_paths


class AreaChoiceField(UnitChoiceField):
    """The area filter's select: its options read once when the page is rendered, with only the columns the labels
    need (``areas.forms.unit_choices``), not a full unit row and a label through the model choice iterator each.
    The picker's queryset still checks the submitted unit."""

    def _get_choices(self):
        if hasattr(self, "_choices"):
            return self._choices
        return unit_choices(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


@extend_schema_field(OpenApiTypes.INT)  # the unit's id (the filter's name need not be a model field)
class AreaFilter(django_filters.ModelChoiceFilter):
    """Rows whose unit (``lookup``) lies in the chosen unit, its sub-units or the older units it replaced.

    The choices are ``selectors.picker_units`` (bounded; the chosen unit always among them when the user may see
    it), so a unit outside the user's area is refused as an invalid choice."""

    field_class = AreaChoiceField

    def __init__(self, *args, lookup="unit", **kwargs):
        self.unit_lookup = lookup
        kwargs.setdefault("queryset", self._picker)
        kwargs.setdefault("label", _("Địa bàn"))
        kwargs.setdefault("empty_label", _("Toàn bộ địa bàn"))
        kwargs.setdefault("help_text", _("Gồm cả các đơn vị trực thuộc và các đơn vị cũ đã sáp nhập vào."))
        super().__init__(*args, **kwargs)

    def _param(self):
        parent = getattr(self, "parent", None)
        if parent is None:
            return None
        for name, candidate in parent.filters.items():
            if candidate is self:
                return parent.data.get(name) if parent.data is not None else None
        return None

    def _picker(self, request):
        user = getattr(request, "user", None) if request is not None else None
        selected = self._param()
        if selected in (None, "") and getattr(getattr(request, "accepted_renderer", None), "format", None) == "json":
            # A JSON answer of the API never shows the picker, and with no unit chosen it has nothing to check:
            # building its queryset (the user's roots, today's structure first) was ~2 ms of every API list call.
            return AdministrativeUnit.objects.none()
        return picker_units(user, selected)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(paths_q(scope_paths(value), self.unit_lookup))
