"""``{% load areas_tags %}``: unit labels in templates, the same as ``areas.formatting``.

``{{ unit|unit_place }}``: "Xã Tân Thành (trước 01/07/2025) → nay Xã Lai Vung" for a record entered under an
ended unit (a few queries: for one record's page; lists use ``areas.selectors.units_now`` for the page at once);
``{{ unit|unit_option }}``: "Tỉnh Đồng Tháp (trước 01/07/2025)"."""

from django import template

from areas import formatting
from areas.selectors import units_now

register = template.Library()


@register.filter
def unit_place(unit):
    if unit is None:
        return ""
    return formatting.unit_place(unit, units_now([unit]).get(unit.pk))


@register.filter
def unit_option(unit):
    return formatting.unit_option(unit) if unit is not None else ""
