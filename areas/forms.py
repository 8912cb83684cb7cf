"""Form fields for picking an administrative unit (used by every app's forms and filters)."""

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from .formatting import unit_label


class UnitChoiceField(forms.ModelChoiceField):
    """A unit select labelled "· · Xã Tân Thành (trước 01/07/2025)": indented by level, the old structure marked."""

    def label_from_instance(self, obj):
        return unit_label(obj)


class OptionsOnce(BaseChoiceIterator):
    """A select's options built by ``build()`` the first time they are read (when the form is rendered: a valid POST
    that redirects never reads them), then kept for the rest of the request. Django's ``ModelChoiceIterator`` runs
    its query and builds a model row and a label per option every time the options are read; this reads what the
    labels need once. The options are final (value, label) pairs or (group, [(value, label), ...])."""

    def __init__(self, build):
        self.build = build
        self.options = None

    def __iter__(self):
        if self.options is None:
            self.options = list(self.build())
        return iter(self.options)


def empty_option(field):
    """The "---------" line a ``ModelChoiceField`` puts first (none when ``empty_label`` is None)."""
    return [] if field.empty_label is None else [("", field.empty_label)]


# What a unit's option label reads (``unit_label``); the rest of the row is not needed to show the list.
LABEL_FIELDS = ("pk", "name", "unit_type", "level", "valid_from", "valid_to")


def unit_choices(field, on=None):
    """The options of a unit select (``field.queryset``, in its order), labelled by ``unit_label`` on ``on`` (today
    by default): read when the form is first rendered, once, with only the columns the labels need. The field's
    queryset still checks the submitted value."""

    def build():
        day = on or timezone.localdate()
        units = field.queryset.select_related(None).only(*LABEL_FIELDS)
        return [*empty_option(field), *((unit.pk, unit_label(unit, day)) for unit in units)]

    return OptionsOnce(build)
