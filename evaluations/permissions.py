"""Who may do what with evaluation rounds, councils, registrations and score sheets (named predicates shared by
the views, the API, the templates — through the context the views give them — and ``evaluations.services``).

Role rules come from ``accounts.permissions``; area rules from ``accounts.scoping``. The workflow's per-move
predicates (who may submit, accept, approve a registration) are in ``evaluations.workflow``.
"""

from accounts.models import Role
from accounts.permissions import has_role, is_active_member, is_office, is_verified_producer, role_allows
from accounts.scoping import in_scope

from .models import CouncilMember, CouncilPosition

REGISTERING_ROLES = {Role.LOCAL_OFFICER, Role.COORDINATION_OFFICE, Role.ADMINISTRATOR}

__all__ = [
    "can_close_scoring",
    "can_manage_round",
    "can_register",
    "can_run_scoring",
    "can_review_applications",
    "is_office",
    "is_round_secretary",
    "remember_seats",
    "seat_of",
]


def remember_seats(round_, seats):
    """The round's council as a page has just read it (every seat of ``round_``): ``seat_of`` answers from it for the
    rest of the request instead of a query per predicate (the round page asks four)."""
    round_._seats_by_user = {seat.user_id: seat for seat in seats}  # one seat per user and round (unique_council_seat)


def seat_of(user, round_):
    """The user's seat in the round's council (None when they have none)."""
    if not is_active_member(user):
        return None
    known = getattr(round_, "_seats_by_user", None)
    if known is not None:
        return known.get(user.pk)
    return CouncilMember.objects.filter(round=round_, user=user).first()


def is_round_secretary(user, round_):
    seat = seat_of(user, round_)
    return seat is not None and seat.position == CouncilPosition.SECRETARY


def can_manage_round(user, round_=None):
    """Create a round, set its council: the coordination office (or administrator) of the organising area."""
    if not is_office(user):
        return False
    return round_ is None or in_scope(user, round_.unit, "change")


def can_run_scoring(user, round_):
    """Start/close scoring, reopen sheets, declare recusals: the round's secretary (or the office)."""
    return is_round_secretary(user, round_) or can_manage_round(user, round_)


def can_close_scoring(user, round_):
    """Close scoring (every sheet becomes visible to the council and the office): the round's secretary, or an
    administrator of the area (when the secretary cannot)."""
    return is_round_secretary(user, round_) or (role_allows(user, "manage_users") and in_scope(user, round_.unit))


def can_register(user, round_=None, product=None):
    """Register a product in a round: local officers (their area's products), the office and administrators; a
    verified producer (chủ thể) its own products (its application, ``producers.views_applications``)."""
    if is_verified_producer(user):
        return product is None or in_scope(user, product, "change")
    if not has_role(user, REGISTERING_ROLES):
        return False
    return not (product is not None and not in_scope(user, product, "change"))


def can_review_applications(user):
    """The commune's queue of producers' applications (pre-assessment): local officers of an area."""
    return has_role(user, {Role.LOCAL_OFFICER}) and role_allows(user, "change")
