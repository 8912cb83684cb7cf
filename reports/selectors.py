"""Reads of report jobs. Every queryset starts from ``Report.objects.restrict(user, action)``."""

from accounts.scoping import visible_units
from areas.models import UnitLevel

from .models import Report


def reports(user, action="view"):
    return Report.objects.restrict(user, action).select_related("area", "requested_by")


def report_areas(user):
    """Units a user may ask a report for: inside their scope (current and historical units), no country."""
    return visible_units(user, "change").exclude(level=UnitLevel.COUNTRY)


def figure_areas(user):
    """Units a user may read figures of."""
    return visible_units(user, "view").exclude(level=UnitLevel.COUNTRY)
