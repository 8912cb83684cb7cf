"""How the portal names administrative units on pages, in forms and in messages."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import LEVEL_DEPTH
from ocop_portal.formatting import format_date


def unit_name(unit):
    """ "Huyện Lai Vung", "Xã Tân Thành", but "Phường 3" (not "Phường Phường 3") when the name holds the type."""
    if unit is None:
        return ""
    return unit.display_name


def period_note(unit, on=None):
    """ "(trước 01/07/2025)" for a unit that ended before ``on`` (today by default), "(từ 01/07/2025)" for one not
    yet in force, "" otherwise: what tells "Đồng Tháp" of the old structure from the merged "Đồng Tháp"."""
    day = on or timezone.localdate()
    if unit.valid_to and unit.valid_to < day:
        return str(_("(trước %(day)s)") % {"day": format_date(unit.valid_to + datetime.timedelta(days=1))})
    if unit.valid_from and unit.valid_from > day:
        return str(_("(từ %(day)s)") % {"day": format_date(unit.valid_from)})
    return ""


def unit_option(unit, on=None):
    """ "Tỉnh Đồng Tháp (trước 01/07/2025)": a unit's name in a list of choices, its structure marked."""
    note = period_note(unit, on)
    return f"{unit_name(unit)} {note}" if note else unit_name(unit)


def unit_label(unit, on=None):
    """ "Huyện Lai Vung", "· · Xã Tân Thành (trước 01/07/2025)": indented by level, old structure marked."""
    depth = max(LEVEL_DEPTH.get(unit.level, 1) - 1, 0)
    return f"{'· ' * depth}{unit_option(unit, on)}"


def unit_place(unit, now=None, on=None):
    """ "Xã Tân Thành (trước 01/07/2025) → nay Xã Lai Vung": where a record entered under ``unit`` belongs, with
    the unit it was entered under kept for history; ``now`` is the unit in force (``areas.selectors.units_now``)."""
    if unit is None:
        return ""
    if now is None or now.pk == unit.pk:
        return unit_option(unit, on)
    return str(_("%(unit)s → nay %(now)s") % {"unit": unit_option(unit, on), "now": unit_name(now)})
