"""Who may do what with decisions (named predicates shared by views, API, templates and ``decisions.services``)."""

from accounts.permissions import can_view_registry, role_allows
from accounts.scoping import in_scope

__all__ = ["can_issue_decisions", "can_record_decision", "can_view_registry", "is_central"]


def can_issue_decisions(user, authority=None):
    """The coordination office (and administrators) prepare and issue decisions of authorities in their area, and
    record a central authority's (the ministry's) 5★ decisions about products of their area: the record belongs to
    the office's area (``decisions.services.decision_unit``), each product is checked against it."""
    if not role_allows(user, "approve"):
        return False
    if authority is None or is_central(authority):
        return True
    return in_scope(user, authority, "approve")


def is_central(authority):
    """A central authority (Bộ Nông nghiệp và Môi trường...): outside every province; it recognises 5★ only."""
    from .models import AuthorityLevel

    return authority is not None and authority.level == AuthorityLevel.CENTRAL


def can_record_decision(user, decision):
    """May ``user`` prepare, issue or change ``decision``: its authority's right, and the record in the user's area
    (for a central authority's decision, the area it was recorded for)."""
    return can_issue_decisions(user, decision.authority) and in_scope(user, decision, "approve")
