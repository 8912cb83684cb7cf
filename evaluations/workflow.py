"""The registration workflow as data: every allowed move, who may make it, and whether a reason is required.

    draft ──submit──> submitted ──accept──> accepted ──mark scored──> scored ──approve──> approved ──decide──> decided
                         │  ^                   ^                       │
                  return │  │ resubmit          └──── re-score ─────────┤
                         v  │                                           └──── move down a level ──> moved_down
                       returned

Every move goes through ``evaluations.services.registration_transition``, which looks the move up here, checks
the role predicate, checks the preconditions, records the audit entry and refuses anything else with a clear
Vietnamese message. Nothing else writes ``Registration.status``.

A move marked ``system_only`` ("decided") is made only by another service, never asked for by a person: the
decisions app issues a decision and calls ``registration_mark_decided``, which passes ``system=True``. Pages and
API never pass it, so asking for such a move there is refused whoever asks.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_active_member, is_local_officer, is_office
from accounts.scoping import in_scope

from .models import CouncilPosition, RegistrationStatus

S = RegistrationStatus


# --- role predicates: small named functions (user, registration) -> bool --------------------------------------


def _office(user):
    return is_office(user)


def is_submitter(user, registration):
    """The local officer whose area holds the product, or the coordination office."""
    if not is_active_member(user):
        return False
    if is_local_officer(user):
        return in_scope(user, registration, "change")
    return _office(user) and in_scope(user, registration, "view")


def is_round_secretary(user, registration):
    if not is_active_member(user):
        return False
    return registration.round.seats.filter(user=user, position=CouncilPosition.SECRETARY).exists()


def is_office_or_secretary(user, registration):
    """Accepting or returning a dossier: the coordination office (advisory team) or the round's secretary."""
    return (_office(user) and in_scope(user, registration, "view")) or is_round_secretary(user, registration)


def is_approver(user, registration):
    """The coordination office of the area (role with the "approve" action)."""
    return _office(user) and in_scope(user, registration, "approve")


# --- the table ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    allowed: object  # predicate (user, registration) -> bool
    who: str  # for people: who may make the move
    reason_required: bool = False
    name: str = ""
    system_only: bool = False  # made only by a service (issuing a decision), never from a page or the API


TRANSITIONS = (
    Transition(S.DRAFT, S.SUBMITTED, _("Gửi hồ sơ"), is_submitter, _("Cán bộ địa bàn, VPĐP"), name="submit"),
    Transition(S.RETURNED, S.SUBMITTED, _("Gửi lại hồ sơ"), is_submitter, _("Cán bộ địa bàn, VPĐP"), name="resubmit"),
    Transition(
        S.SUBMITTED, S.ACCEPTED, _("Tiếp nhận để chấm"), is_office_or_secretary, _("VPĐP, thư ký hội đồng"),
        name="accept",
    ),
    Transition(
        S.SUBMITTED, S.RETURNED, _("Trả lại bổ sung"), is_office_or_secretary, _("VPĐP, thư ký hội đồng"),
        reason_required=True, name="return",
    ),
    Transition(
        S.ACCEPTED, S.SCORED, _("Chốt kết quả chấm"), is_round_secretary, _("Thư ký hội đồng"), name="score",
    ),
    Transition(S.SCORED, S.APPROVED, _("Duyệt kết quả"), is_approver, _("VPĐP"), name="approve"),
    Transition(
        S.SCORED, S.ACCEPTED, _("Yêu cầu chấm lại"), is_approver, _("VPĐP"), reason_required=True, name="rescore",
    ),
    Transition(
        S.SCORED, S.MOVED_DOWN, _("Chuyển về cấp dưới"), is_approver, _("VPĐP"), reason_required=True,
        name="move_down",
    ),
    Transition(
        S.APPROVED, S.DECIDED, _("Ghi nhận quyết định"), is_approver, _("VPĐP (qua quyết định)"), name="decide",
        system_only=True,
    ),
)  # fmt: skip

TABLE = {(t.source, t.target): t for t in TRANSITIONS}


def find(source, target):
    return TABLE.get((source, target))


def moves_from(source):
    return [t for t in TRANSITIONS if t.source == source]


def allowed_moves(user, registration):
    """The moves this user may offer on this registration (buttons on the pages)."""
    return [t for t in moves_from(registration.status) if not t.system_only and t.allowed(user, registration)]


def illegal_pairs():
    """Every (from, to) pair of statuses that is NOT a move in the table (tests refuse them all)."""
    return [(a, b) for a in S.values for b in S.values if (a, b) not in TABLE]
