"""Form fields for picking an administrative unit (used by every app's forms and filters)."""

from django import forms

from .formatting import unit_label


class UnitChoiceField(forms.ModelChoiceField):
    """A unit select labelled "· · Xã Tân Thành (trước 01/07/2025)": indented by level, the old structure marked."""

    def label_from_instance(self, obj):
        return unit_label(obj)
