"""Filters shared by the lists of several apps (pages and API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

MIN_YEAR = 1900
MAX_YEAR = 2100


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A year as a whole number from 1900 to 2100. Anything else (0, -1, 99999, "abc") is a validation error: the
    page shows the message next to the filter, the API answers 400 (a year lookup on a date with year 0 or 99999
    would otherwise fail inside the database layer)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        message = _("Năm phải là một số từ 1900 đến 2100, vd. 2024.")
        kwargs.setdefault("label", _("Năm"))
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("error_messages", {"invalid": message, "min_value": message, "max_value": message})
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None  # max_value already bounds it (with the message above)


MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A record id (``?product=12``): a whole number from 1 to the largest database id. "12.5", "-3" or a number
    too large for the database is a validation error (page message, API 400), never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        message = _("Mã phải là một số nguyên dương.")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("error_messages", {"invalid": message, "min_value": message, "max_value": message})
        super().__init__(*args, **kwargs)
