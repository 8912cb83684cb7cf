"""Who may do what with producer accounts (named predicates for the producers' pages, the officers' verification
pages, the templates and ``producers.services``). Role rules come from ``accounts.permissions``, the records a
producer reaches from ``accounts.scoping`` (its own subject's only)."""

from accounts.models import Role
from accounts.permissions import has_role, is_producer, is_verified_producer, role_allows
from accounts.scoping import in_scope

__all__ = ["can_verify_producers", "is_producer", "is_verified_producer"]

VERIFYING_ROLES = {Role.LOCAL_OFFICER, Role.COORDINATION_OFFICE, Role.ADMINISTRATOR}


def can_verify_producers(user, account=None):
    """Verify, link or reject producer accounts: the commune/district officers, the office and administrators, for
    accounts registered in a commune of their area (``account`` given)."""
    if not (has_role(user, VERIFYING_ROLES) and role_allows(user, "change")):
        return False
    return account is None or in_scope(user, account, "change")
