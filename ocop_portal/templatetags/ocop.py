from django import template

from ocop_portal.formatting import format_number, to_decimal

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """7678.61 -> 7.678,61 (in the active language's separators; ``ocop_portal.formatting.format_number``, half up).
    A value that is not a number is shown as it is."""
    if to_decimal(value) is None:
        return "" if value in (None, "") else value
    return format_number(value, None if decimals in (None, "") else int(decimals))


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
