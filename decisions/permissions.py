"""Who may do what with decisions (named predicates shared by views, API, templates and ``decisions.services``)."""

from accounts.permissions import can_view_registry, role_allows
from accounts.scoping import in_scope

__all__ = ["can_issue_decisions", "can_view_registry"]


def can_issue_decisions(user, authority=None):
    """The coordination office (and administrators) prepare and issue decisions of authorities in their area."""
    if not role_allows(user, "approve"):
        return False
    return authority is None or in_scope(user, authority, "approve")
