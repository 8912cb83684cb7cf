"""Permission predicates: small named functions shared by views, API, templates and services.

Every predicate answers for one user; area checks go through ``accounts.scoping`` so the rule about
"which records" lives in one place and the rule about "which role" lives here.
"""

from .models import Role

PROVINCE_WIDE_ROLES = {Role.COORDINATION_OFFICE, Role.LEADERSHIP, Role.ADMINISTRATOR}

# What each role may do with records inside its area. Anything not listed is refused.
ROLE_ACTIONS = {
    Role.LOCAL_OFFICER: {"view", "change"},
    Role.COUNCIL_MEMBER: {"view"},
    Role.COUNCIL_SECRETARY: {"view"},
    Role.COORDINATION_OFFICE: {"view", "change", "approve", "audit"},
    Role.LEADERSHIP: {"view"},
    Role.ADMINISTRATOR: {"view", "change", "approve", "audit", "manage_users"},
}


def is_active_member(user):
    return bool(user and user.is_authenticated and user.is_active and user.role and user.unit_id)


def role_allows(user, action):
    return is_active_member(user) and action in ROLE_ACTIONS.get(user.role, set())


def can_view_registry(user):
    return role_allows(user, "view")


def can_edit_registry(user, obj=None):
    """Create (obj None) or change a registry record; area is checked against ``obj`` when given."""
    if not role_allows(user, "change"):
        return False
    if obj is None:
        return True
    from .scoping import in_scope

    return in_scope(user, obj)


def can_read_audit(user):
    return role_allows(user, "audit")


def can_approve(user):
    return role_allows(user, "approve")


def can_manage_users(user):
    return role_allows(user, "manage_users")


OFFICE_ROLES = {Role.COORDINATION_OFFICE, Role.ADMINISTRATOR}


def is_office(user):
    """The coordination office (VPĐP) or an administrator: manages rounds, accepts dossiers, issues decisions."""
    return is_active_member(user) and user.role in OFFICE_ROLES


def is_administrator(user):
    return is_active_member(user) and user.role == Role.ADMINISTRATOR


def is_unassigned(user):
    """A signed-in account without a role or an administrative unit yet (sees nothing until one is given)."""
    return bool(user and user.is_authenticated) and not (user.role and user.unit_id)


def is_local_officer(user):
    return is_active_member(user) and user.role == Role.LOCAL_OFFICER


def is_council(user):
    return is_active_member(user) and user.role in {Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY}


def is_leadership(user):
    return is_active_member(user) and user.role == Role.LEADERSHIP


API_ROLES = {Role.COORDINATION_OFFICE, Role.ADMINISTRATOR}


def can_view_api_docs(user):
    """The API schema and Swagger UI: only for the roles that work with the API (coordination office, admins)."""
    return is_active_member(user) and user.role in API_ROLES


def has_role(user, roles):
    """An active member whose role is one of ``roles`` (for predicates of the apps' ``permissions`` modules)."""
    return is_active_member(user) and user.role in roles
