from django import template

from areas.formatting import unit_name as _unit_name

register = template.Library()


@register.filter
def unit_name(unit):
    """``{{ subject.unit|unit_name }}`` -> "Xã Tân Thành", "Phường 3", "Thành phố Sa Đéc"."""
    return _unit_name(unit)
