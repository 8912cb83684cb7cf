"""How the portal names administrative units on pages, in forms and in messages."""

from django.utils.translation import gettext_lazy as _

from areas.models import LEVEL_DEPTH
from ocop_portal.formatting import format_date


def unit_name(unit):
    """ "Huyện Lai Vung", "Xã Tân Thành", but "Phường 3" (not "Phường Phường 3") when the name holds the type."""
    if unit is None:
        return ""
    return unit.display_name


def unit_label(unit):
    """ "Huyện Lai Vung", "· · Xã Tân Thành (đến 30/06/2025)": indented by level, historical units marked."""
    depth = max(LEVEL_DEPTH.get(unit.level, 1) - 1, 0)
    label = f"{'· ' * depth}{unit_name(unit)}"
    if unit.valid_to:
        label += " " + str(_("(đến %(day)s)") % {"day": format_date(unit.valid_to)})
    return label
