"""The registration workflow as data: every allowed move, who may make it, and whether a reason is required.

    draft ──submit──> submitted ──accept──> accepted ──mark scored──> scored ──approve──> approved ──decide──> decided
                       │  ^  │                ^  ^                    │
                return │  │  └─forward─> forwarded ──accept──┘        │
                       │  │ resubmit           │ return             ├──── re-score (back to accepted)
                       v  │                    v                    └──── move down a level ──> moved_down
                     returned <────────────────┘

The commune's pre-assessment (issue #18) is its own state, ``forwarded``: none of the existing states means "the
commune checked the producer's dossier and sends it on" (``submitted`` is "sent, nobody has checked it", ``accepted``
is "the office/secretary took it for scoring"). A dossier a PRODUCER sent (its ``created_by`` is a producer) is
checked by the local officer of the product's area first: returned with comments, or forwarded with the commune's
report; only a forwarded dossier goes on to be accepted. A dossier an officer typed in (the commune did the checking
while typing it) keeps the short way submitted → accepted. The producer may submit and resubmit its own
registrations (``is_owner_producer``), nothing else.

Every move goes through ``evaluations.services.registration_transition``, which looks the move up here, checks
the role predicate, checks the preconditions, records the audit entry and refuses anything else with a clear
Vietnamese message. Nothing else writes ``Registration.status``.

A move marked ``system_only`` ("decided") is made only by another service, never asked for by a person: the
decisions app issues a decision and calls ``registration_mark_decided``, which passes ``system=True``. Pages and
API never pass it, so asking for such a move there is refused whoever asks.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_active_member, is_local_officer, is_office, is_producer, producer_subject_id
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


def is_owner_producer(user, registration):
    """A verified producer (chủ thể) on a registration of one of its own products."""
    subject_id = producer_subject_id(user)
    return subject_id is not None and registration.product.subject_id == subject_id


def is_submitter_or_owner(user, registration):
    """Submitting a dossier: the officers who may submit it, or the producer whose product it is."""
    return is_owner_producer(user, registration) or is_submitter(user, registration)


def entered_by_producer(registration):
    """Was this registration made by a producer on the portal (it then goes through the commune's check)?"""
    creator = registration.created_by
    return creator is not None and is_producer(creator)


def is_commune_reviewer(user, registration):
    """The commune's pre-assessment of a producer's dossier: the local officer whose area holds the product."""
    return is_active_member(user) and is_local_officer(user) and in_scope(user, registration, "change")


def is_round_secretary(user, registration):
    if not is_active_member(user):
        return False
    return registration.round.seats.filter(user=user, position=CouncilPosition.SECRETARY).exists()


def is_office_or_secretary(user, registration):
    """Accepting or returning a dossier: the coordination office (advisory team) or the round's secretary."""
    return (_office(user) and in_scope(user, registration, "view")) or is_round_secretary(user, registration)


def may_accept_submitted(user, registration):
    """Accepting a submitted dossier directly: the office or the secretary, for a dossier an officer entered (a
    producer's dossier is forwarded by the commune first)."""
    return not entered_by_producer(registration) and is_office_or_secretary(user, registration)


def may_return_submitted(user, registration):
    """Returning a submitted dossier with comments: the commune (its pre-assessment of a producer's dossier), the
    office or the round's secretary."""
    if entered_by_producer(registration) and is_commune_reviewer(user, registration):
        return True
    return is_office_or_secretary(user, registration)


def may_forward(user, registration):
    """Forwarding a producer's dossier with the commune's pre-assessment report: the commune's local officer."""
    return entered_by_producer(registration) and is_commune_reviewer(user, registration)


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
    Transition(
        S.DRAFT, S.SUBMITTED, _("Gửi hồ sơ"), is_submitter_or_owner, _("Chủ thể, cán bộ địa bàn, VPĐP"),
        name="submit",
    ),
    Transition(
        S.RETURNED, S.SUBMITTED, _("Gửi lại hồ sơ"), is_submitter_or_owner, _("Chủ thể, cán bộ địa bàn, VPĐP"),
        name="resubmit",
    ),
    Transition(
        S.SUBMITTED, S.ACCEPTED, _("Tiếp nhận để chấm"), may_accept_submitted,
        _("VPĐP, thư ký hội đồng (hồ sơ do cán bộ nhập; hồ sơ chủ thể gửi phải qua xã)"), name="accept",
    ),
    Transition(
        S.SUBMITTED, S.RETURNED, _("Trả lại bổ sung"), may_return_submitted,
        _("Cán bộ xã (hồ sơ chủ thể gửi), VPĐP, thư ký hội đồng"), reason_required=True, name="return",
    ),
    Transition(
        S.SUBMITTED, S.FORWARDED, _("Thẩm định, chuyển lên"), may_forward,
        _("Cán bộ xã/huyện của địa bàn (hồ sơ chủ thể gửi)"), reason_required=True, name="forward",
    ),
    Transition(
        S.FORWARDED, S.ACCEPTED, _("Tiếp nhận để chấm"), is_office_or_secretary, _("VPĐP, thư ký hội đồng"),
        name="accept_forwarded",
    ),
    Transition(
        S.FORWARDED, S.RETURNED, _("Trả lại bổ sung"), is_office_or_secretary, _("VPĐP, thư ký hội đồng"),
        reason_required=True, name="return_forwarded",
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
