"""Permission predicates: small named functions shared by views, API, templates and services.

Every predicate answers for one user; area checks go through ``accounts.scoping`` so the rule about
"which records" lives in one place and the rule about "which role" lives here.
"""

from django.utils import timezone

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
    # A producer (chủ thể) has no area: "view"/"change" of ``accounts.scoping`` give it only the records of its own
    # subject (``PRODUCER_SCOPE`` there). Its pages ask for the producer's own actions below, so every office page
    # and API (which ask for "view"/"change") refuses it with 403, and what it reaches is narrowed to its subject.
    Role.PRODUCER: {"own_view", "own_change"},
}

# The actions a producer page asks for, and the office action they stand for in ``accounts.scoping``.
OWN_VIEW = "own_view"
OWN_CHANGE = "own_change"
PRODUCER_ACTIONS = {OWN_VIEW: "view", OWN_CHANGE: "change", "view": "view", "change": "change"}


def is_active_member(user):
    return bool(user and user.is_authenticated and user.is_active and user.role and user.unit_id)


# What an account of an abolished unit may still do until an administrator reassigns it (issue #14, item 4).
READ_ONLY_ACTIONS = {"view", "audit"}

_ENDED_ATTR = "_ocop_unit_ended"


def unit_ended(user, day=None):
    """The user's unit has ended (its ``valid_to`` is before ``day``, today by default): an account of an abolished
    unit, read-only until an administrator moves it to a unit in force. Cached on the user object (per request) by
    unit and day: ``role_allows`` asks it many times per request and the unit is usually loaded already."""
    unit_id = getattr(user, "unit_id", None)
    if not unit_id:
        return False
    day = day or timezone.localdate()
    cached = getattr(user, _ENDED_ATTR, None)
    if cached is not None and cached[0] == unit_id and cached[1] == day:
        return cached[2]
    valid_to = user.unit.valid_to
    ended = valid_to is not None and valid_to < day
    setattr(user, _ENDED_ATTR, (unit_id, day, ended))
    return ended


def is_producer(user):
    """An active account of a producer (chủ thể OCOP), verified or not."""
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.PRODUCER)


def producer_subject_id(user):
    """The id of the subject a verified producer acts for (None: not a producer, or not verified yet); one query per
    request (``producers.selectors.subject_for`` caches it on the user)."""
    if not is_producer(user):
        return None
    from producers.selectors import subject_for

    subject = subject_for(user)
    return subject.pk if subject is not None else None


def can_read_help(user):
    """The in-portal guide (``/help/``): every member of an area, and producers (who have no area)."""
    return is_active_member(user) or is_producer(user)


def is_verified_producer(user):
    """A producer whose account a commune officer has verified and linked to a subject."""
    return producer_subject_id(user) is not None


def role_allows(user, action):
    """The one rule of "which role may do what": the role's actions, reduced to reading for an account whose unit
    has ended (it may view, not change or approve, until reassigned). A producer has only its own actions
    (``own_view``, ``own_change``), once verified."""
    if is_producer(user):
        return action in ROLE_ACTIONS[Role.PRODUCER] and is_verified_producer(user)
    if not is_active_member(user) or action not in ROLE_ACTIONS.get(user.role, set()):
        return False
    return action in READ_ONLY_ACTIONS or not unit_ended(user)


def can_view_registry(user):
    """The office registry (lists, dashboards, reports): office roles only, never a producer."""
    return role_allows(user, "view")


def can_change_record(user, obj):
    """Change this one record: an office role with "change" inside its area, or a verified producer on a record of
    its own subject (``accounts.scoping.in_scope`` decides both). The services' check for an existing record."""
    from .scoping import in_scope

    if is_producer(user):
        return in_scope(user, obj, OWN_CHANGE)
    return role_allows(user, "change") and in_scope(user, obj, "change")


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
    return is_active_member(user) and user.role in OFFICE_ROLES and not unit_ended(user)


def is_read_only_account(user):
    """A member whose unit has ended: shown the banner on every page until an administrator reassigns them."""
    return is_active_member(user) and unit_ended(user)


def can_reassign_accounts(user):
    """The page of accounts of abolished units and their reassignment: administrators only."""
    return is_administrator(user) and role_allows(user, "manage_users")


def is_administrator(user):
    return is_active_member(user) and user.role == Role.ADMINISTRATOR


def is_unassigned(user):
    """A signed-in account without a role or an administrative unit yet (sees nothing until one is given); a
    producer has no unit by design (its pages say whether it is verified)."""
    if getattr(user, "role", None) == Role.PRODUCER:
        return False
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
