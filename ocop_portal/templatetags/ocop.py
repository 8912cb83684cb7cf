from decimal import Decimal, InvalidOperation

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """7678.61 -> 7.678,61 (in the active language's separators)."""
    if value in (None, ""):
        return ""
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.simple_tag(takes_context=True)
def sort_link(context, field):
    """Query string toggling the sort on ``field`` while keeping the filters."""
    current = context.get("current_sort", "")
    base = context.get("query_string_without_sort", "")
    new = f"-{field}" if current == field else field
    return f"?{base + '&' if base else ''}sort={new}"


@register.simple_tag(takes_context=True)
def sort_arrow(context, field):
    current = context.get("current_sort", "")
    if current == field:
        return "▲"
    if current == f"-{field}":
        return "▼"
    return ""


@register.simple_tag(takes_context=True)
def page_link(context, number):
    base = context.get("query_string", "")
    return f"?{base + '&' if base else ''}page={number}"
