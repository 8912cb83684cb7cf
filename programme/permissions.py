"""Who may do what with plans, targets, budget lines and activities (named predicates, shared by views,
templates, the API and the services).

* reading: every role with "view" (leadership and council members read), inside their area;
* changing: roles with "change" inside their area: the coordination office and administrators for the province
  and every unit under it, a local officer for the plans and activities of their own unit (and units under it).
  Leadership and council members never change anything here.
"""

from accounts.permissions import role_allows
from accounts.scoping import in_scope


def can_view_programme(user):
    return role_allows(user, "view")


def can_change_programme(user):
    """May create plans/activities at all (the unit is checked when it is chosen)."""
    return role_allows(user, "change")


def can_edit_plan(user, plan):
    """Change a plan, its targets and budget lines: "change" right and the plan's unit inside the user's area."""
    return role_allows(user, "change") and in_scope(user, plan.unit, "change")


def can_use_unit(user, unit):
    """A plan, budget line or activity may be placed in ``unit``."""
    return unit is not None and role_allows(user, "change") and in_scope(user, unit, "change")


def can_edit_activity(user, activity):
    return role_allows(user, "change") and in_scope(user, activity.unit, "change")
