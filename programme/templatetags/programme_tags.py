"""Template filters of the programme pages: money in million VND and values of targets, Vietnamese style."""

from django import template
from django.utils.translation import gettext as _

from ocop_portal.formatting import format_money_mvnd, to_decimal

register = template.Library()


@register.filter
def mvnd(value):
    """Decimal('7678.610') -> "7.678,61"; Decimal('2000.000') -> "2.000"; None -> "—"."""
    if value in (None, ""):
        return "—"
    return format_money_mvnd(value) if to_decimal(value) is not None else value


@register.filter
def plain_number(value):
    """Like ``mvnd`` for any figure (target values, percentages)."""
    return mvnd(value)


@register.filter
def with_unit(value, unit):
    """A value and its unit: "50 sản phẩm", "39,49%"."""
    if value in (None, ""):
        return _("chưa có số liệu")
    text = mvnd(value)
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"
